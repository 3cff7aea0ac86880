import { B } from './cycle-b';

export const A = `a${B.length}`;
