import type { Block } from '../../../../shared/lesson.ts';

// Paints spans of the canonical text with the CSS Custom Highlight API: the
// article's DOM never changes when a highlight is added, so painting one costs
// the same with 5 highlights or 500.

export interface Paintable {
  start: number;
  end: number;
}

export const highlightsSupported = (): boolean => typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined';

export class Painter {
  private readonly painted = new Map<string, string>();
  /**
   * The Highlight objects this painter registered. The registry (CSS.highlights) is
   * global: when the article is drawn anew (another attempt, or the same attempt
   * reloaded after the teacher reveals a step) the new painter paints before the old
   * one is cleared, so a painter removes only what it registered itself.
   */
  private readonly mine = new Map<string, Highlight>();
  private readonly blocks: readonly Block[];
  private readonly nodes: (Text | null)[];

  constructor(blocks: readonly Block[], nodes: (Text | null)[]) {
    this.blocks = blocks;
    this.nodes = nodes;
  }

  /** DOM ranges for `[start, end)`, one per block it touches. */
  rangesFor(start: number, end: number): Range[] {
    const out: Range[] = [];
    for (let i = 0; i < this.blocks.length; i++) {
      const b = this.blocks[i]!;
      if (b.end <= start) continue;
      if (b.start >= end) break;
      const node = this.nodes[i];
      if (!node) continue;
      const r = document.createRange();
      r.setStart(node, Math.max(start, b.start) - b.start);
      r.setEnd(node, Math.min(end, b.end) - b.start);
      out.push(r);
    }
    return out;
  }

  /** Replaces what a named highlight covers; does nothing when it is unchanged. */
  paint(name: string, spans: readonly Paintable[], priority = 0): void {
    if (!highlightsSupported()) return;
    const signature = spans.map((s) => `${s.start}-${s.end}`).join(',');
    const current = this.mine.get(name);
    if (this.painted.get(name) === signature && (spans.length === 0 || (current && CSS.highlights.get(name) === current))) return;
    this.painted.set(name, signature);
    if (spans.length === 0) {
      this.remove(name);
      return;
    }
    const h = new Highlight(...spans.flatMap((s) => this.rangesFor(s.start, s.end)));
    h.priority = priority;
    CSS.highlights.set(name, h);
    this.mine.set(name, h);
  }

  private remove(name: string): void {
    const h = this.mine.get(name);
    if (h && CSS.highlights.get(name) === h) CSS.highlights.delete(name);
    this.mine.delete(name);
  }

  /** Removes everything this painter drew (and nothing another painter drew since). */
  clear(): void {
    if (!highlightsSupported()) return;
    for (const name of [...this.mine.keys()]) this.remove(name);
    this.painted.clear();
  }
}
