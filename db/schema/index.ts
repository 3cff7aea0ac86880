export * from './auth';
export * from './projects';
export * from './items';
export * from './review';
export * from './models';
export * from './imports';
export * from './audit';
export * from './access';
