import { z } from 'zod'

/** what each segment kind keeps in Segment.record (JSON); the record forms write it, everything else reads it
 *  through parseRecord so an old or hand-edited row never breaks a page. Free text for every kind is Segment.summary;
 *  speeches live in the Speech table. */
const shapes = {
  /** figures typed before the dues register (DuesPayment rows) existed; shown only while the month has no rows */
  dues: z.object({ legacyTotalFen: z.number().int().min(0).nullable().catch(null), legacyPayers: z.number().int().min(0).nullable().catch(null) }),
  /** null: everyone present took part */
  oath: z.object({ participantIds: z.array(z.number().int()).nullable().catch(null) }),
  /** e.g. 《党章》第六章第三十六条, and its text for reading aloud */
  reading: z.object({ materialTitle: z.string().catch(''), text: z.string().catch('') }),
  study: z.object({
    materials: z.array(z.object({ title: z.string(), url: z.string().catch('') })).catch([]),
    keyPoints: z.string().catch(''),
  }),
  speeches: z.object({}),
  host_summary: z.object({}),
  observer_comments: z.object({}),
  /** the leader's points, e.g. the seed's “五好” */
  concluding_speech: z.object({ points: z.array(z.string()).catch([]) }),
  custom: z.object({}),
}

export type RecordShapes = { [K in keyof typeof shapes]: z.output<(typeof shapes)[K]> }
export type RecordKind = keyof RecordShapes

export function parseRecord<K extends RecordKind>(kind: K, json: string): RecordShapes[K]
export function parseRecord(kind: string, json: string): Record<string, unknown>
export function parseRecord(kind: string, json: string): Record<string, unknown> {
  const shape = shapes[kind as RecordKind] ?? shapes.custom
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch {
    raw = {}
  }
  const parsed = shape.safeParse(raw && typeof raw === 'object' ? raw : {})
  return parsed.success ? parsed.data : shape.parse({})
}
