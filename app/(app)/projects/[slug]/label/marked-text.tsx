import { VisibleText } from '@/app/_components/visible-text';
import { splitByTerms, type THighlightTerm } from './highlight-terms';

/**
 * Text with the annotator's highlight words in <mark>: each mark names its label in its title and
 * carries the label's colour as an underline, so the colour is never the only cue. Every run is still
 * plain text (VisibleText), never markup.
 */
export function MarkedText({ text, terms, labels }: { text: string; terms: readonly THighlightTerm[]; labels: ReadonlyMap<number, { name: string; color: string }> }) {
  const segments = splitByTerms(text, terms);
  return (
    <>
      {segments.map((segment, index) => {
        const label = segment.labelId === null ? undefined : labels.get(segment.labelId);
        if (!label) return <VisibleText key={index} text={segment.text} />;
        return (
          <mark
            key={index}
            title={`Highlight word for “${label.name}”`}
            data-label={label.name}
            className="rounded-sm bg-yellow-200 px-0.5 text-slate-950"
            style={{ boxShadow: `inset 0 -3px 0 ${label.color}` }}
          >
            <VisibleText text={segment.text} />
          </mark>
        );
      })}
    </>
  );
}
