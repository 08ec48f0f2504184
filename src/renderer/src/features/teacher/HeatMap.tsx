import { useMemo, type ReactNode } from 'react';
import type { BlockDto } from '../../../../shared/api.ts';
import type { HeatDto } from '../../../../shared/teacher-api.ts';

/** The article a heat map is drawn on. */
export interface HeatArticle {
  text: string;
  language: string;
  direction: 'ltr' | 'rtl';
  blocks: BlockDto[];
}

/** The article with each word shaded by how many students marked it; key spans underlined when `showKey`. */
export function HeatMap({ article: lesson, heat, showKey }: { article: HeatArticle; heat: HeatDto; showKey: boolean }) {
  const parts = useMemo(() => {
    const key = showKey ? heat.key : [];
    const level = (c: number) => (heat.max ? Math.ceil((c / heat.max) * 5) : 0);
    return lesson.blocks.map((b, bi) => {
      // Cut the block wherever a marked word or a key span starts or ends.
      const cuts = new Set([b.start, b.end]);
      const words = heat.words.filter(([a, e]) => e > b.start && a < b.end);
      for (const [a, e] of words) cuts.add(a).add(e);
      for (const k of key) if (k.end > b.start && k.start < b.end) cuts.add(Math.max(b.start, k.start)).add(Math.min(b.end, k.end));
      const points = [...cuts].sort((x, y) => x - y);
      const out: ReactNode[] = [];
      for (let i = 0; i + 1 < points.length; i++) {
        const a = points[i]!;
        const e = points[i + 1]!;
        const w = words.find(([x, y]) => x <= a && e <= y);
        const inKey = key.some((k) => k.start <= a && e <= k.end);
        const text = lesson.text.slice(a, e);
        out.push(
          w || inKey ? (
            <span key={a} className={`${w ? `heat heat-${level(w[2])}` : ''}${inKey ? ' in-key' : ''}`} title={w ? `${w[2]} of ${heat.students}` : undefined}>
              {text}
            </span>
          ) : (
            text
          ),
        );
      }
      const Tag = b.kind === 'headline' ? 'h3' : 'p';
      return <Tag key={bi}>{out}</Tag>;
    });
  }, [lesson, heat, showKey]);
  return (
    <div className="heat-map article" lang={lesson.language} dir={lesson.direction}>
      {parts}
    </div>
  );
}
