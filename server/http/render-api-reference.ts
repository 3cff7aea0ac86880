/**
 * A human-readable reference page rendered from the OpenAPI document on the server: plain HTML and
 * one style block, no script and nothing fetched from elsewhere (the app runs offline). Every piece of
 * text from the document is escaped.
 */
type TSchema = Record<string, unknown>;
type TParameter = { name: string; in: string; required?: boolean; description?: string; schema?: TSchema };
type TOperation = {
  operationId?: string;
  summary?: string;
  description?: string;
  parameters?: TParameter[];
  requestBody?: { content?: Record<string, { schema?: TSchema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: TSchema }> }>;
};
type TDocument = {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, TOperation>>;
  webhooks?: Record<string, Record<string, TOperation>>;
  components?: { schemas?: Record<string, TSchema> };
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/** `#/components/schemas/X` as a link to X's section; anything else as its type. */
function describeSchema(schema: TSchema | undefined): string {
  if (!schema) return '';
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const name = ref.split('/').at(-1)!;
    return `<a href="#schema-${escapeHtml(name)}">${escapeHtml(name)}</a>`;
  }
  if (schema.type === 'array') return `array of ${describeSchema(schema.items as TSchema | undefined)}`;
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : String(schema.type ?? 'any');
  return escapeHtml(Array.isArray(schema.enum) ? `${type}: ${schema.enum.join(', ')}` : type);
}

function renderOperation(method: string, path: string, operation: TOperation, anchor: string): string {
  const parameters = operation.parameters ?? [];
  const body = Object.entries(operation.requestBody?.content ?? {});
  const responses = Object.entries(operation.responses ?? {});
  return `<section id="${escapeHtml(anchor)}">
<h3><span class="method">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code></h3>
${operation.summary ? `<p><strong>${escapeHtml(operation.summary)}</strong></p>` : ''}
${operation.description ? `<p>${escapeHtml(operation.description)}</p>` : ''}
${
  parameters.length > 0
    ? `<table><thead><tr><th>parameter</th><th>in</th><th>type</th><th>description</th></tr></thead><tbody>${parameters
        .map(
          (p) =>
            `<tr><td><code>${escapeHtml(p.name)}</code>${p.required ? ' (required)' : ''}</td><td>${escapeHtml(p.in)}</td><td>${describeSchema(p.schema)}</td><td>${escapeHtml(p.description ?? String(p.schema?.description ?? ''))}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : ''
}
${body.map(([type, media]) => `<p>Body (<code>${escapeHtml(type)}</code>): ${describeSchema(media.schema)}</p>`).join('')}
<table><thead><tr><th>status</th><th>meaning</th><th>body</th></tr></thead><tbody>${responses
    .map(([status, response]) => `<tr><td>${escapeHtml(status)}</td><td>${escapeHtml(response.description ?? '')}</td><td>${Object.values(response.content ?? {}).map((media) => describeSchema(media.schema)).join(', ')}</td></tr>`)
    .join('')}</tbody></table>
</section>`;
}

function renderOperations(entries: Record<string, Record<string, TOperation>> | undefined, prefix: string): string {
  return Object.entries(entries ?? {})
    .flatMap(([path, item]) => METHODS.filter((method) => item[method]).map((method) => renderOperation(method, path, item[method]!, `${prefix}-${item[method]!.operationId ?? `${method}-${path}`}`)))
    .join('\n');
}

export function renderApiReference(document: object): string {
  const doc = document as TDocument;
  const schemas = Object.entries(doc.components?.schemas ?? {});
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.info.title)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1a1a1a; }
code, pre { font-family: ui-monospace, monospace; font-size: 0.9em; }
pre { background: #f5f5f5; padding: 0.75rem; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
.method { background: #1a1a1a; color: #fff; padding: 0 0.4rem; border-radius: 3px; }
section { border-top: 1px solid #ddd; padding-top: 0.5rem; }
</style></head><body>
<h1>${escapeHtml(doc.info.title)} <small>${escapeHtml(doc.info.version)}</small></h1>
${doc.info.description ? `<p>${escapeHtml(doc.info.description)}</p>` : ''}
<p>Authenticate with <code>Authorization: Bearer &lt;API token&gt;</code>. The machine-readable document: <a href="/api/v1/openapi.json">openapi.json</a>.</p>
<h2>Endpoints</h2>
${renderOperations(doc.paths, 'op')}
<h2>Webhooks</h2>
${renderOperations(doc.webhooks, 'webhook')}
<h2>Schemas</h2>
${schemas.map(([name, schema]) => `<section id="schema-${escapeHtml(name)}"><h3>${escapeHtml(name)}</h3><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></section>`).join('\n')}
</body></html>
`;
}
