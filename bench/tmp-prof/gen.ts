import { writeSyntheticCsv } from '../import/generate-rows';
const [file, rows] = process.argv.slice(2);
console.log(await writeSyntheticCsv(file!, Number(rows)));
