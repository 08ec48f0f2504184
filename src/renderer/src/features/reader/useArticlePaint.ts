// Painting the article: the student's highlights by label, the key once a step is
// checked, the pending selection, the keyboard caret and a flash drawn to the eye.
import { useEffect, useLayoutEffect } from 'react';
import type { SavedHighlightDto, StepFeedbackDto } from '../../../../shared/api.ts';
import type { Word } from '../../../../shared/words.ts';
import type { Painter } from './painter.ts';

type HighlightFeedback = Extract<StepFeedbackDto, { kind: 'highlight' }>;

export interface PaintInput {
  highlights: readonly SavedHighlightDto[];
  /** A label's position in the step (its colour and underline). */
  labelIndex: ReadonlyMap<string, number>;
  activeId: string | null;
  feedback: HighlightFeedback | null;
  pending: Word | null;
  /** The word under the keyboard caret, when it is shown. */
  caretWord: Word | null;
  flash: { start: number; end: number; n: number } | null;
}

export function useArticlePaint(painter: Painter, p: PaintInput): void {
  const { highlights, labelIndex, activeId, feedback, pending, caretWord, flash } = p;

  useEffect(() => () => painter.clear(), [painter]);

  useLayoutEffect(() => {
    // Once a step is checked the key takes the background; the student's marks keep their underline.
    const byLabel: Word[][] = Array.from({ length: 8 }, () => []);
    for (const h of highlights) byLabel[Math.min(7, labelIndex.get(h.label) ?? 7)]!.push(h);
    byLabel.forEach((spans, i) => {
      painter.paint(`lede-label-${i}`, feedback ? [] : spans, 1);
      painter.paint(`lede-mine-${i}`, feedback ? spans : [], 1);
    });
    const active = highlights.find((h) => h.id === activeId);
    painter.paint('lede-active', active ? [active] : [], 3);
  }, [painter, highlights, labelIndex, activeId, feedback]);

  useLayoutEffect(() => {
    // Every mention of an item takes the item's status: a source found once is found everywhere.
    const mentions = (status: string) => (feedback?.items ?? []).filter((k) => k.status === status).flatMap((k) => k.mentions);
    painter.paint('lede-fb-found', mentions('found'), 0);
    painter.paint('lede-fb-partly', mentions('partly'), 0);
    painter.paint('lede-fb-missed', mentions('missed'), 0);
    painter.paint('lede-fb-extra', feedback?.extraSpans ?? [], 2);
  }, [painter, feedback]);

  useLayoutEffect(() => {
    painter.paint('lede-pending', pending ? [pending] : [], 4);
  }, [painter, pending]);

  useLayoutEffect(() => {
    painter.paint('lede-caret', caretWord ? [caretWord] : [], 5);
  }, [painter, caretWord]);

  useEffect(() => {
    if (!flash) return;
    painter.paint('lede-flash', [flash], 6);
    const r = painter.rangesFor(flash.start, flash.end)[0];
    r?.startContainer.parentElement?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    const t = setTimeout(() => painter.paint('lede-flash', [], 6), 1800);
    return () => clearTimeout(t);
  }, [painter, flash]);
}
