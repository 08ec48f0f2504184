import { keySpans, type HighlightExercise, type Lesson } from '../../shared/lesson.ts';
import type { DashboardDto } from '../../shared/teacher-api.ts';
import { segmentWords } from '../../shared/words.ts';
import type { ClassroomRepository, SessionHighlight } from '../db/classroom.ts';
import { HeatMap } from '../scoring/heat-map.ts';

// The live dashboard's heat map of the teacher's current step, kept up to date
// incrementally: each attempt's contribution is recomputed only when that attempt
// changed, so a busy class costs the same per update however long it has run. The
// map itself is the one builder the PDF report uses too (scoring/heat-map.ts).

export type LiveHeatMap = NonNullable<DashboardDto['heat']>;

/** The most-missed key items the dashboard lists. */
const MISSED_SHOWN = 5;

export class LiveHeat {
  private readonly repo: ClassroomRepository;
  private state: { sessionId: string; map: HeatMap } | null = null;
  /** Attempts whose answers changed since their contribution was last computed. */
  private readonly dirty = new Set<string>();

  constructor(repo: ClassroomRepository) {
    this.repo = repo;
  }

  /** A student's answers changed: their part is recomputed on the next update. */
  touched(attemptId: string): void {
    this.dirty.add(attemptId);
  }

  /** The heat map of `ex` over the session's attempts, and how many highlights each attempt holds in it. */
  update(sessionId: string, lesson: Lesson, ex: HighlightExercise, attemptIds: string[]): { heat: LiveHeatMap; marks: Map<string, number> } {
    let st = this.state;
    if (!st || st.sessionId !== sessionId || st.map.exercise.id !== ex.id) {
      st = this.state = { sessionId, map: new HeatMap(ex, segmentWords(lesson.text, lesson.language)) };
      for (const a of attemptIds) this.dirty.add(a);
    }
    const map = st.map;
    const stale = attemptIds.filter((a) => this.dirty.has(a) || !map.has(a));
    for (const a of stale) this.dirty.delete(a);
    if (stale.length) {
      const spans = new Map<string, SessionHighlight[]>(stale.map((a) => [a, []]));
      for (const h of this.repo.highlights(ex.id, stale)) spans.get(h.attemptId)!.push(h);
      for (const [a, list] of spans) map.set(a, list);
    }
    const withMarks = attemptIds.filter((a) => map.marks(a) > 0).length;
    const missed = ex.key
      .map((k, i) => ({ quote: k.mentions[0]!.quote, label: ex.labels.find((l) => l.id === k.label)?.name ?? k.label, found: map.found[i]!, of: withMarks }))
      .sort((a, b) => a.found - b.found)
      .slice(0, MISSED_SHOWN);
    return {
      heat: {
        exerciseId: ex.id,
        words: map.markedWords(),
        max: map.max(),
        students: attemptIds.length,
        key: keySpans(ex.key).map(({ start, end, label, quote }) => ({ start, end, label, quote })),
        missed,
      },
      marks: new Map(attemptIds.map((a) => [a, map.marks(a)])),
    };
  }
}
