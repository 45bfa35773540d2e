import { open, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

const SPEC_FILE = /\.(ya?ml|json)$/i;
const ROOT_MARKER = /(^|[\n{,])\s*["']?(openapi|swagger)["']?\s*:/;

/**
 * The root files of the specs in a folder, relative to it, sorted: YAML or JSON files that declare `openapi` or
 * `swagger` near their start. Files that only hold `$ref` targets (schemas, parameters) have no such key.
 */
export async function findSpecFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && SPEC_FILE.test(entry.name) && (await declaresSpec(path))) {
        out.push(relative(dir, path).split(sep).join('/'));
      }
    }
  };
  await walk(dir);
  return out.sort();
}

async function declaresSpec(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    return ROOT_MARKER.test(buffer.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await file.close();
  }
}
