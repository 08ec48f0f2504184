import { memo } from 'react';
import type { PublicLessonDto } from '../../../../shared/api.ts';

/** The article's blocks: each block is one element holding one text node, recorded in `nodes` for painting. */
const Blocks = memo(function Blocks({ lesson, nodes }: { lesson: PublicLessonDto; nodes: (Text | null)[] }) {
  return (
    <>
      {lesson.blocks.map((b, i) => {
        const text = lesson.text.slice(b.start, b.end);
        const ref = (el: HTMLElement | null) => {
          nodes[i] = (el?.firstChild as Text | null) ?? null;
        };
        const common = { ref, 'data-b': i, key: i };
        switch (b.kind) {
          case 'headline':
            return <h1 {...common} className="headline">{text}</h1>;
          case 'standfirst':
            return <p {...common} className="standfirst">{text}</p>;
          case 'byline':
            return <p {...common} className="byline">{text}</p>;
          case 'image':
            return <p {...common} className="image-caption">{text}</p>;
          case 'credit':
            return <p {...common} className="image-credit">{text}</p>;
          case 'subheading':
            return <h2 {...common} className="subheading">{text}</h2>;
          default:
            return <p {...common} className="para">{text}</p>;
        }
      })}
    </>
  );
});

/** The article as its outlet presented it: outlet, date and link, the blocks, the tags. */
export function ArticleText({ lesson, nodes }: { lesson: PublicLessonDto; nodes: (Text | null)[] }) {
  const a = lesson.article;
  return (
    <article className="article" lang={lesson.language} dir={lesson.direction}>
      <p className="article-meta">
        <span>{a.outlet ?? 'Outlet not stated'}</span>
        <span aria-hidden="true"> · </span>
        <span>{a.date ?? 'No date given'}</span>
        {a.url && (
          <>
            <span aria-hidden="true"> · </span>
            <a href={a.url} target="_blank" rel="noreferrer noopener">Original</a>
          </>
        )}
      </p>
      <Blocks lesson={lesson} nodes={nodes} />
      {a.tags.length > 0 && <p className="tags">Tags: {a.tags.join(', ')}</p>}
    </article>
  );
}
