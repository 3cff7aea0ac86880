import { buildOpenApiDocument } from '@/server/http/build-openapi-document';

/** The decision API's OpenAPI 3.1 document: public, like any API reference. */
export function GET() {
  return Response.json(buildOpenApiDocument(), { headers: { 'cache-control': 'public, max-age=300' } });
}
