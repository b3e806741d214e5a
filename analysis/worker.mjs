// A tinypool worker thread: TypeScript through tsx's loader (as bin/apln.js does), then one point per task.
import { register } from 'tsx/esm/api';

register();
const { runPoint } = await import('./point.ts');

export default function run(task) {
  return runPoint(task);
}
