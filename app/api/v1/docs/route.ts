import { buildOpenApiDocument } from '@/server/http/build-openapi-document';
import { renderApiReference } from '@/server/http/render-api-reference';

/** The decision API's reference as a page, rendered from the OpenAPI document (no scripts, nothing from elsewhere). */
export function GET() {
  return new Response(renderApiReference(buildOpenApiDocument()), {
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    },
  });
}
