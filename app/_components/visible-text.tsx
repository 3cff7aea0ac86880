import { BIDI_CONTROL_SPLIT, BIDI_CONTROLS } from '@/server/security/bidi-controls';

/**
 * Text from imported data as plain text (React escapes it; never HTML) with its bidi controls
 * shown as markers instead of obeyed: an annotator must see "⟨RLO⟩gnp.exe", not "exe.png". The
 * text is isolated (<bdi>) so a right-to-left value cannot reorder what sits next to it.
 */
export function VisibleText({ text }: { text: string }) {
  const parts = text.split(BIDI_CONTROL_SPLIT);
  return (
    <bdi>
      {parts.map((part, index) => {
        const name = index % 2 === 1 ? BIDI_CONTROLS.get(part) : undefined;
        if (name === undefined) return part;
        const codePoint = `U+${part.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
        return (
          <span key={index} title={`${codePoint}: a hidden control that changes the direction of the text`} className="rounded bg-amber-100 px-0.5 font-mono text-xs text-amber-950">
            ⟨{name}⟩
          </span>
        );
      })}
    </bdi>
  );
}
