export * from './auth';
export * from './projects';
export * from './items';
export * from './audit';
export * from './access';
