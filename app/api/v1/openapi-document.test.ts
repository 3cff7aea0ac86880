import fs from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { renderApiReference } from '@/server/http/render-api-reference';
import { GET as getDocs } from './docs/route';
import { GET as getOpenApi } from './openapi.json/route';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

describe('OpenAPI document and reference page', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const response = getOpenApi();
    expect(response.status).toBe(200);
    const document = await response.json();
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(document.webhooks)).toEqual(['decision.settled']);
    // The validator does reject a broken document (a parameter without its required `in`).
    const broken = structuredClone(document);
    delete broken.paths['/api/v1/projects/{slug}/decisions'].post.parameters[0].in;
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('describes exactly the routes the app serves, with the methods they export', async () => {
    const document = await getOpenApi().json();
    for (const [apiPath, item] of Object.entries(document.paths as Record<string, Record<string, unknown>>)) {
      const folder = apiPath.replace(/^\/api/, 'app/api').replace(/\{(\w+)\}/g, '[$1]');
      const file = path.join(process.cwd(), folder, 'route.ts');
      expect(fs.existsSync(file), file).toBe(true);
      const routeModule = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
      const exported = METHODS.filter((method) => typeof routeModule[method] === 'function');
      expect({ apiPath, methods: Object.keys(item).map((m) => m.toUpperCase()).sort() }).toEqual({ apiPath, methods: exported.sort() });
    }
    const decisionRoutes = fs
      .readdirSync(path.join(process.cwd(), 'app/api/v1/projects/[slug]'), { recursive: true, encoding: 'utf8' })
      .filter((file) => (file.startsWith('decisions') || file.startsWith('labeling')) && file.endsWith('route.ts'));
    expect(decisionRoutes).toHaveLength(Object.keys(document.paths).length);
  });

  it('names the request fields the routes accept and the decision fields they answer with', async () => {
    const document = await getOpenApi().json();
    const schemas = document.components.schemas;
    expect(Object.keys(schemas.DecisionCase.properties).sort()).toEqual(['callbackUrl', 'deadline', 'idempotencyKey', 'metadata', 'payload', 'text']);
    expect(schemas.DecisionCase.required).toEqual(['text']);
    expect(schemas.DecisionBatch.properties.cases.maxItems).toBe(1000);
    expect(Object.keys(schemas.DecisionOutput.properties)).toEqual(expect.arrayContaining(['id', 'status', 'route', 'routeReason', 'label', 'prediction', 'threshold']));
  });

  it('renders the reference as a page without scripts, every text escaped', async () => {
    const response = getDocs();
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const html = await response.text();
    expect(html).toContain('/api/v1/projects/{slug}/decisions:batch');
    expect(html).not.toMatch(/<script|https?:\/\/(?!localhost)/i);
    const hostile = renderApiReference({
      info: { title: '<script>alert(1)</script>', version: '1' },
      paths: { '/x': { get: { summary: '<img src=x onerror=alert(1)>', responses: { '200': { description: '"quoted" & <b>' } } } } },
    });
    expect(hostile).not.toContain('<script>alert');
    expect(hostile).not.toContain('<img');
    expect(hostile).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
