import { z } from 'zod';
import { ZId } from '@/server/ids';

export const MIN_LABELS = 2;
export const MAX_LABELS = 50;
// Digits and letters; an upper-case letter means Shift+letter, which gives 62 distinct keys.
export const HOTKEY_PATTERN = /^[0-9a-zA-Z]$/;

export const ZLabel = z.object({
  id: ZId.optional(),
  name: z.string().trim().min(1, 'A label needs a name').max(64, 'Label names are at most 64 characters'),
  hotkey: z.string().regex(HOTKEY_PATTERN, 'A hotkey is one digit or letter'),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Colours are #rrggbb'),
});
export type TLabel = z.infer<typeof ZLabel>;

export const ZLabelSet = z
  .array(ZLabel)
  .min(MIN_LABELS, `A project needs at least ${MIN_LABELS} labels`)
  .max(MAX_LABELS, `A project has at most ${MAX_LABELS} labels`)
  .superRefine((labels, ctx) => {
    const names = new Map<string, number>();
    const hotkeys = new Map<string, number>();
    labels.forEach((label, index) => {
      const name = label.name.toLowerCase();
      if (names.has(name)) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `Label "${label.name}" appears twice` });
      if (hotkeys.has(label.hotkey)) ctx.addIssue({ code: 'custom', path: [index, 'hotkey'], message: `Hotkey "${label.hotkey}" is used twice` });
      names.set(name, index);
      hotkeys.set(label.hotkey, index);
    });
  });

export const LABEL_COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4d7c0f', '#9333ea', '#0f766e'];
export const DEFAULT_HOTKEYS = [...'1234567890abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'];

/** Hotkeys and colours for a list of label names, in the order a person would expect. */
export function buildDefaultLabels(names: readonly string[]): TLabel[] {
  return names.map((name, index) => ({
    name,
    hotkey: DEFAULT_HOTKEYS[index] ?? '0',
    color: LABEL_COLORS[index % LABEL_COLORS.length] ?? '#2563eb',
  }));
}
