import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import { LAYER_ZONES, ML_FORBIDDEN_PACKAGES, ROUTE_HANDLER_ZONES, TEST_LAYER_ZONES } from './eslint.layers.mjs';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    // import/no-cycle only follows our own files; without this it parses every package it meets
    // (most of lint's time, and PGlite's bundle overflows the parser's stack).
    settings: { 'import/ignore': ['node_modules'] },
    rules: {
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'User text is rendered as text, never as HTML.' }],
      // The layers of ARCHITECTURE.md: each zone is an arrow that must not exist.
      'import/no-restricted-paths': ['error', { zones: LAYER_ZONES }],
      'import/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['app/**/route.ts'],
    rules: { 'import/no-restricted-paths': ['error', { zones: ROUTE_HANDLER_ZONES }] },
  },
  {
    files: ['**/*.test.ts', 'server/testing/**'],
    rules: { 'import/no-restricted-paths': ['error', { zones: TEST_LAYER_ZONES }] },
  },
  {
    files: ['ml/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ML_FORBIDDEN_PACKAGES.map((name) => ({ name, message: 'ml/ is pure numeric and TensorFlow.js code: no database, no HTTP, no UI.' })) }] },
  },
  { ignores: ['node_modules/**', 'dist/**', '.next*/**', '.scratch*/**', 'db/migrations/**', 'bench/results/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**', 'scripts/lint-fixtures/**'] },
];

export default config;
