import { deserializeModel, serializeModel, type ModelArtifact } from '../predict';
import type { TSpanTagger, TSpanTaggerConfig } from './span-tagger';

export type TStoredSpanTagger = { artifact: ModelArtifact; config: TSpanTaggerConfig };

/** The tfjs artifact as every model version stores it, plus the config (JSON) to store beside it. */
export async function serializeSpanTagger(tagger: TSpanTagger): Promise<TStoredSpanTagger> {
  return { artifact: await serializeModel(tagger.model), config: structuredClone(tagger.config) };
}

export async function deserializeSpanTagger(stored: TStoredSpanTagger): Promise<TSpanTagger> {
  const { config } = stored;
  if (config.kind !== 'span-tagger' || config.version !== 1) throw new Error(`not a span tagger this code can load (${config.kind} v${config.version})`);
  return { config: structuredClone(config), model: await deserializeModel(stored.artifact) };
}
