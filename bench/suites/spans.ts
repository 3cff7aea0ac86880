import os from 'node:os';
import { parseArgs } from 'node:util';
import { initBackend } from '@/ml/backend';
import { createRng } from '@/ml/random';
import { countBioClasses, decodeBioGreedy, decodeBioSpans, type TPredictedSpan } from '@/ml/spans/bio-tags';
import { evaluateSpanPredictions } from '@/ml/spans/evaluate-span-predictions';
import { predictSpans, type TPredictedItem } from '@/ml/spans/predict-spans';
import { scoreSpanUncertainty, type TSpanUncertaintyAggregate } from '@/ml/spans/score-span-uncertainty';
import type { TSpanTagger } from '@/ml/spans/span-tagger';
import { tokenizeText } from '@/ml/spans/tokenize-text';
import { trainSpanTagger } from '@/ml/spans/train-span-tagger';
import { countKeptSuggestions } from '@/ml/spans/count-kept-suggestions';
import { measureSpanModel } from '@/ml/spans/measure-span-model';
import { PREANNOTATION_MIN_CONFIDENCE, selectPreannotations } from '@/ml/spans/select-preannotations';
import { buildSpanDictionary, predictDictionarySpans } from '@/ml/spans/span-dictionary';
import { SPAN_SAMPLING_STRATEGIES } from '@/ml/spans/span-strategies';
import { runSpanSimulation } from '@/ml/simulate/run-span-simulation';
import type { TBenchFigure, TBenchReport } from '../report';
import { loadWordNetNerCorpus, WORDNET_NER_LABELS, type TNerItem } from '../spans/wordnet-ner-corpus';

/**
 * `npm run bench -- spans`: the span tagger on a synthetic NER corpus built offline from WordNet
 * glosses with gazetteer labels (bench/spans/wordnet-ner-corpus.ts says what that shows and does
 * not). No annotated NER corpus is installable here (Debian has none; npm ships recognisers, not
 * corpora). Figures: (a) learning curve on held-out items: token F1 beside the pre-annotation
 * acceptance a simulated annotator gives the version's suggestions (the suggestions at the
 * product's confidence cut that the annotator, correcting them to the gold spans, keeps exactly:
 * countKeptSuggestions, the product's own measure), span F1 exact and partial, Viterbi against
 * greedy decoding, and the dictionary baseline the product judges versions by; (b) pre-annotation
 * acceptance (exact-match precision of the spans shown) and recall by confidence cut; (c) the
 * product's strategy simulator (ml/simulate/run-span-simulation.ts: random, least confidence,
 * margin and entropy per token, mean per item), labels to 95% of the full-data span F1;
 * (d, with --aggregates) the item aggregates of token least confidence (max, mean, sum) against
 * random, labels and tokens to reach 95% of the full-data span F1.
 *
 *   --quick          smaller curve and active-learning budget
 *   --seeds N        active-learning runs per strategy (1)
 *   --budget N       active-learning labels (600; quick 300)
 *   --batch N        items per active-learning round (50)
 *   --aggregates     also run (d)
 */
const LABEL_IDS = WORDNET_NER_LABELS.map((label) => label.id);
const TEST_ITEMS = 1000;
const AGGREGATES: TSpanUncertaintyAggregate[] = ['max', 'mean', 'sum'];
const CUTS = [0, 0.5, 0.7, 0.8, 0.9, 0.95];

function log(line: string) {
  console.info(`[bench:spans] ${new Date().toISOString().slice(11, 19)} ${line}`);
}

function round(value: number | null, digits = 4): number | null {
  return value === null ? null : Number(value.toFixed(digits));
}

function evaluate(test: readonly TNerItem[], predicted: readonly TPredictedItem[], spansOf: (item: TPredictedItem) => readonly TPredictedSpan[] = (item) => item.spans) {
  return evaluateSpanPredictions(test.map((item, i) => ({ tokens: predicted[i]!.tokens, gold: item.spans, predicted: spansOf(predicted[i]!) })));
}

async function train(items: readonly TNerItem[], seed: number): Promise<TSpanTagger> {
  return trainSpanTagger(items, { labelIds: LABEL_IDS, seed });
}

export async function runBench(args: string[]): Promise<TBenchReport> {
  const { values } = parseArgs({
    args,
    options: {
      quick: { type: 'boolean', default: false },
      seeds: { type: 'string', default: '1' },
      budget: { type: 'string' },
      batch: { type: 'string', default: '50' },
      aggregates: { type: 'boolean', default: false },
    },
  });
  const quick = values.quick;
  const seeds = Number(values.seeds);
  const budget = Number(values.budget ?? (quick ? 300 : 600));
  const batch = Number(values.batch);
  const figures: TBenchFigure[] = [];
  const backend = await initBackend();
  log(`backend ${backend.name}; load average ${os.loadavg()[0]!.toFixed(1)}`);

  const corpus = loadWordNetNerCorpus();
  if (!corpus) throw new Error('WordNet is not installed: apt-get install wordnet-base');
  const order = createRng(20_240_516).shuffle(corpus.map((_, i) => i));
  const test = order.slice(0, TEST_ITEMS).map((i) => corpus[i]!);
  const pool = order.slice(TEST_ITEMS).map((i) => corpus[i]!);
  const spanCounts = LABEL_IDS.map((id) => corpus.reduce((sum, item) => sum + item.spans.filter((span) => span.labelId === id).length, 0));
  const tokenCount = predictSpansTokenCount(corpus);
  log(`corpus: ${corpus.length} items, ${tokenCount} tokens, spans ${WORDNET_NER_LABELS.map((label, i) => `${label.name} ${spanCounts[i]}`).join(', ')}`);
  figures.push({
    name: 'corpus: items (WordNet glosses, synthetic gazetteer labels)',
    value: corpus.length,
    unit: 'items',
    note: `${tokenCount} tokens; spans ${WORDNET_NER_LABELS.map((label, i) => `${label.name} ${spanCounts[i]}`).join(', ')}; ${TEST_ITEMS} held out for testing`,
  });

  // (a) Learning curve.
  const sizes = (quick ? [50, 200, 1000] : [50, 100, 200, 500, 1000, 2000]).concat(pool.length);
  let fullSpanF1 = 0;
  const taggers = new Map<number, TSpanTagger>();
  for (const size of sizes) {
    const started = performance.now();
    const tagger = await train(pool.slice(0, size), 1);
    const trainSeconds = (performance.now() - started) / 1000;
    const predicted = predictSpans(tagger, test.map((item) => item.text));
    const viterbi = evaluate(test, predicted);
    const greedy = evaluate(test, predicted, (item) => decodeBioSpans(item.tokens, decodeBioGreedy(item.probs, item.tokens.length, LABEL_IDS.length), item.probs, LABEL_IDS));
    const measured = measureSpanModel(test.map((item, i) => ({ tokens: predicted[i]!.tokens, gold: item.spans, predicted: predicted[i]!.spans })), LABEL_IDS);
    const dictionary = buildSpanDictionary(pool.slice(0, size));
    const baseline = measureSpanModel(test.map((item, i) => ({ tokens: predicted[i]!.tokens, gold: item.spans, predicted: predictDictionarySpans(dictionary, item.text, predicted[i]!.tokens) })), LABEL_IDS);
    const acceptance = simulateAcceptance(test, predicted);
    log(
      `size ${size}: token F1 ${viterbi.token.f1?.toFixed(3)}, pre-annotation acceptance ${acceptance.rate.toFixed(3)} (${acceptance.kept}/${acceptance.suggested}), ` +
        `span F1 ${viterbi.span.f1?.toFixed(3)} (greedy ${greedy.span.f1?.toFixed(3)}, partial ${measured.partialF1?.toFixed(3)}, dictionary ${baseline.exact.f1?.toFixed(3)}), ${trainSeconds.toFixed(1)} s`,
    );
    figures.push({
      name: `(a) token F1, ${size} labeled items`,
      value: round(viterbi.token.f1),
      unit: 'F1',
      note: `IO tags, micro over entity tokens; P ${round(viterbi.token.precision, 3)} R ${round(viterbi.token.recall, 3)}; pre-annotation acceptance ${round(acceptance.rate, 3)}; dictionary baseline ${round(baseline.token.f1, 3)}`,
    });
    figures.push({
      name: `(a) pre-annotation acceptance, ${size} labeled items`,
      value: round(acceptance.rate),
      unit: 'share kept',
      note: `an annotator correcting the suggestions (confidence ≥ ${PREANNOTATION_MIN_CONFIDENCE}) to the gold spans keeps ${acceptance.kept} of ${acceptance.suggested} exactly; ${round(acceptance.kept / acceptance.gold, 3)} of the ${acceptance.gold} gold spans arrive pre-filled`,
    });
    figures.push({
      name: `(a) span F1 (exact), ${size} labeled items`,
      value: round(viterbi.span.f1),
      unit: 'F1',
      note: `Viterbi decoding; greedy argmax + conlleval repair ${round(greedy.span.f1, 4)}; P ${round(viterbi.span.precision, 3)} R ${round(viterbi.span.recall, 3)}; partial ${round(measured.partialF1, 4)}; dictionary baseline ${round(baseline.exact.f1, 4)}; trained in ${trainSeconds.toFixed(1)} s`,
    });
    if (size === pool.length) fullSpanF1 = viterbi.span.f1 ?? 0;
    if (size === 200 || size === pool.length) taggers.set(size, tagger);
    else tagger.model.dispose();
  }

  // (b) Pre-annotation acceptance by confidence cut.
  for (const [size, tagger] of taggers) {
    const predicted = predictSpans(tagger, test.map((item) => item.text));
    for (const cut of CUTS) {
      const result = evaluate(test, predicted, (item) => item.spans.filter((span) => span.confidence >= cut));
      figures.push({
        name: `(b) pre-annotation acceptance, ${size} labels, confidence ≥ ${cut}`,
        value: round(result.span.precision),
        unit: 'share kept',
        note: `exact-match precision of the ${result.span.predicted} spans shown; recall ${round(result.span.recall, 3)} of ${result.span.gold} gold spans`,
      });
    }
    tagger.model.dispose();
  }

  // (c) The product's simulator: its strategies, token by token, mean per item.
  const simulated = await runSpanSimulation({
    texts: corpus.map((item) => item.text),
    spans: corpus.map((item) => item.spans),
    labelIds: LABEL_IDS,
    labelNames: WORDNET_NER_LABELS.map((label) => label.name),
    strategies: SPAN_SAMPLING_STRATEGIES,
    budget,
    batchSize: batch,
    seeds,
    evalFraction: TEST_ITEMS / corpus.length,
    seed: 20_240_516,
    onProgress: (progress) => {
      if (progress.strategy === null) log(`simulator seed ${progress.seed + 1}: full-data model trained`);
    },
  });
  for (const [strategy, outcome] of Object.entries(simulated.strategies)) {
    const curve = outcome.curve.map((point) => `${point.labels}:${point.accuracy.toFixed(3)}`).join(' ');
    log(`simulator ${strategy}: ${curve}`);
    figures.push({
      name: `(c) simulator, labels to span F1 ${(0.95 * outcome.full_accuracy).toFixed(3)} (95% of full data), ${strategy}`,
      value: outcome.labels_to_95,
      unit: 'items',
      note: `${seeds} run(s), batches of ${batch}, budget ${budget}; span F1 at budget ${outcome.curve.at(-1)!.accuracy.toFixed(4)} (token F1 ${outcome.curve.at(-1)!.macroF1.toFixed(4)}); labels:F1 ${curve}`,
    });
  }
  figures.push({
    name: '(c) simulator recommendation',
    value: simulated.recommendation?.labelsTo95 ?? null,
    unit: 'items',
    note: `${simulated.recommendation?.strategy ?? 'none'}: ${simulated.recommendation?.reason ?? ''} (${simulated.seconds.toFixed(0)} s)`,
  });

  if (!values.aggregates) return { suite: 'spans', sizes: { items: corpus.length, test: TEST_ITEMS, budget, batch, seeds }, backend: backend.name, figures };

  // (d) Item aggregates of token least confidence against random, to 95% of the full-data span F1.
  const target = 0.95 * fullSpanF1;
  for (const strategy of ['random', ...AGGREGATES] as const) {
    const labelsToTarget: number[] = [];
    const tokensToTarget: number[] = [];
    const finalF1: number[] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const run = await runActiveLearning(pool, test, strategy, seed, budget, batch, target);
      labelsToTarget.push(run.labelsToTarget ?? Number.NaN);
      tokensToTarget.push(run.tokensToTarget ?? Number.NaN);
      finalF1.push(run.curve.at(-1)!.f1);
      log(`${strategy} seed ${seed}: ${run.curve.map((point) => `${point.labels}:${point.f1.toFixed(3)}`).join(' ')}`);
      if (seed === 1) {
        figures.push({ name: `(d) span F1 curve, ${strategy}`, value: round(run.curve.at(-1)!.f1), unit: 'F1', note: `labels:F1 ${run.curve.map((point) => `${point.labels}:${point.f1.toFixed(3)}`).join(' ')}` });
      }
    }
    const mean = (list: number[]) => (list.some(Number.isNaN) ? null : Math.round(list.reduce((a, b) => a + b, 0) / list.length));
    figures.push({
      name: `(d) labels to span F1 ${target.toFixed(3)} (95% of full data), ${strategy}`,
      value: mean(labelsToTarget),
      unit: 'items',
      note: `${seeds} run(s), batches of ${batch}, budget ${budget} (null: not reached in every run); tokens labeled by then ${mean(tokensToTarget) ?? 'n/a'}; span F1 at budget ${(finalF1.reduce((a, b) => a + b, 0) / finalF1.length).toFixed(4)}`,
    });
  }

  return { suite: 'spans', sizes: { items: corpus.length, test: TEST_ITEMS, budget, batch, seeds }, backend: backend.name, figures };
}

/**
 * The product's acceptance measure with a simulated annotator: shown the suggestions at the cut,
 * they correct them into the gold spans, so a suggestion is kept exactly when it is a gold span.
 */
function simulateAcceptance(test: readonly TNerItem[], predicted: readonly TPredictedItem[]): { suggested: number; kept: number; gold: number; rate: number } {
  let suggested = 0;
  let kept = 0;
  let gold = 0;
  test.forEach((item, i) => {
    const counted = countKeptSuggestions(selectPreannotations(predicted[i]!.spans), item.spans);
    suggested += counted.suggested;
    kept += counted.kept;
    gold += item.spans.length;
  });
  return { suggested, kept, gold, rate: suggested > 0 ? kept / suggested : 0 };
}

function predictSpansTokenCount(items: readonly TNerItem[]): number {
  return items.reduce((sum, item) => sum + tokenizeText(item.text).length, 0);
}

async function runActiveLearning(
  pool: readonly TNerItem[],
  test: readonly TNerItem[],
  strategy: 'random' | TSpanUncertaintyAggregate,
  seed: number,
  budget: number,
  batch: number,
  target: number,
) {
  const rng = createRng(seed * 7919);
  const unlabeled = rng.shuffle(pool.map((_, i) => i));
  const labeled = unlabeled.splice(0, batch);
  const curve: { labels: number; tokens: number; f1: number }[] = [];
  let labelsToTarget: number | null = null;
  let tokensToTarget: number | null = null;
  const tokenCounts = pool.map((item) => tokenizeText(item.text).length);
  const tokensOf = (indices: number[]) => indices.reduce((sum, i) => sum + tokenCounts[i]!, 0);
  for (;;) {
    const tagger = await train(labeled.map((i) => pool[i]!), seed);
    const f1 = evaluate(test, predictSpans(tagger, test.map((item) => item.text))).span.f1 ?? 0;
    curve.push({ labels: labeled.length, tokens: tokensOf(labeled), f1 });
    if (labelsToTarget === null && f1 >= target) {
      labelsToTarget = labeled.length;
      tokensToTarget = tokensOf(labeled);
    }
    if (labeled.length >= budget || unlabeled.length === 0) {
      tagger.model.dispose();
      break;
    }
    if (strategy === 'random') {
      labeled.push(...unlabeled.splice(0, batch));
    } else {
      const predicted = predictSpans(tagger, unlabeled.map((i) => pool[i]!.text));
      const scores = scoreSpanUncertainty(predicted.map((item) => item.probs), countBioClasses(LABEL_IDS.length), strategy);
      const ranked = unlabeled.map((item, at) => ({ item, score: scores[at]! })).sort((a, b) => b.score - a.score || a.item - b.item);
      const picked = new Set(ranked.slice(0, batch).map((entry) => entry.item));
      labeled.push(...picked);
      unlabeled.splice(0, unlabeled.length, ...unlabeled.filter((item) => !picked.has(item)));
    }
    tagger.model.dispose();
  }
  return { curve, labelsToTarget, tokensToTarget };
}
