/** the kinds of agenda segment; the standard agenda uses the first eight, anything else is custom */
export const SEGMENT_KINDS = ['dues', 'oath', 'reading', 'study', 'speeches', 'host_summary', 'observer_comments', 'concluding_speech', 'custom'] as const
export type SegmentKind = (typeof SEGMENT_KINDS)[number]

export const KIND_LABELS: Record<SegmentKind, string> = {
  dues: '收缴党费',
  oath: '重温入党誓词',
  reading: '集体诵读',
  study: '领学',
  speeches: '交流发言',
  host_summary: '主持人小结',
  observer_comments: '观摩点评',
  concluding_speech: '总结讲话',
  custom: '其他环节',
}

/** a stored kind this version does not know reads as “其他环节” rather than breaking the page */
export function kindLabel(kind: string): string {
  return KIND_LABELS[kind as SegmentKind] ?? KIND_LABELS.custom
}

export const KIND_OPTIONS = SEGMENT_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))
