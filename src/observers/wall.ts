// What the projector wall shows of a comment; the same shape feeds the page and wall.json.

export type WallItem = { id: number; learnings: string; suggestions: string; author: string; unit: string; adopted: boolean; v: number }

export function wallItem(c: { id: number; authorName: string | null; authorUnit: string | null; learnings: string; suggestions: string; adoptedAt: Date | null; updatedAt: Date }): WallItem {
  return {
    id: c.id,
    learnings: c.learnings,
    suggestions: c.suggestions,
    author: c.authorName ?? '匿名',
    unit: c.authorName ? (c.authorUnit ?? '') : '',
    adopted: c.adoptedAt !== null,
    v: c.updatedAt.getTime(),
  }
}
