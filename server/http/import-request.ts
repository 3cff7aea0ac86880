import { z } from 'zod';
import { ZImportFormat, ZImportMapping } from '@/server/import';

const ZFlag = z.enum(['0', '1', 'true', 'false']).transform((value) => value === '1' || value === 'true');

/** Import options as query parameters: the body is the file itself, streamed. */
export const ZImportQuery = z
  .object({
    format: ZImportFormat.optional(),
    fileName: z.string().max(500).optional(),
    textField: z.string().min(1).max(200).optional(),
    labelField: z.string().min(1).max(200).optional(),
    idField: z.string().min(1).max(200).optional(),
    fromName: z.string().min(1).max(200).optional(),
    /** Image projects: the field holding each row's image URL; it is also the text field when textField is left out. */
    imageField: z.string().min(1).max(200).optional(),
    /** The whole mapping as JSON (what the preview suggested), instead of the single fields. */
    mapping: z.string().max(20_000).optional(),
    skipInvalid: ZFlag.optional(),
  })
  .transform((query, ctx) => {
    let mapping: z.infer<typeof ZImportMapping> | undefined;
    if (query.mapping) {
      const parsed = ZImportMapping.safeParse(safeJsonParse(query.mapping));
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', path: ['mapping'], message: 'mapping must be a JSON object with at least textField' });
        return z.NEVER;
      }
      mapping = parsed.data;
    } else if (query.textField || query.imageField) {
      const textField = (query.textField ?? query.imageField)!;
      mapping = { textField, labelField: query.labelField, idField: query.idField, fromName: query.fromName, imageField: query.imageField };
    } else {
      ctx.addIssue({ code: 'custom', path: ['textField'], message: 'Say which field holds the text: textField=<column>' });
      return z.NEVER;
    }
    return { format: query.format, fileName: query.fileName, mapping, skipInvalid: query.skipInvalid ?? false };
  });

function safeJsonParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function parseSearchParams<T extends z.ZodType>(schema: T, url: string): { ok: true; data: z.output<T> } | { ok: false; message: string } {
  const parsed = schema.safeParse(Object.fromEntries(new URL(url).searchParams));
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, message: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; ') };
}
