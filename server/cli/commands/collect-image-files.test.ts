import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectImageFiles } from './collect-image-files';

function makeTree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'quorum-images-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
  return root;
}

describe('collectImageFiles', () => {
  it('walks a folder for images, skipping hidden files and other types, labels from the first subfolder on request', async () => {
    const root = makeTree({ 'cats/tom.JPG': 'x', 'cats/old/felix.png': 'x', 'dogs/rex.webp': 'x', 'loose.gif': 'x', 'notes.txt': 'x', '.hidden/a.png': 'x', 'dogs/.b.png': 'x' });
    const plain = await collectImageFiles(root);
    expect(plain.map((file) => [path.relative(root, file.filePath), file.fileName, file.label])).toEqual([
      [path.join('cats', 'old', 'felix.png'), 'felix.png', null],
      [path.join('cats', 'tom.JPG'), 'tom.JPG', null],
      [path.join('dogs', 'rex.webp'), 'rex.webp', null],
      ['loose.gif', 'loose.gif', null],
    ]);
    expect((await collectImageFiles(root, { labelFromFolder: true })).map((file) => file.label)).toEqual(['cats', 'cats', 'dogs', null]);
  });

  it('reads paths (relative to the file) and labels from CSV and JSONL', async () => {
    const root = makeTree({
      'list.csv': 'file,kind\nimg/a.png,cat\n"img/b, c.png",\n',
      'list.jsonl': '{"path": "img/a.png", "label": "dog"}\n\n{"path": "/abs/z.png"}\n',
    });
    expect(await collectImageFiles(path.join(root, 'list.csv'), { labelField: 'kind' })).toEqual([
      { filePath: path.join(root, 'img/a.png'), fileName: 'a.png', label: 'cat' },
      { filePath: path.join(root, 'img/b, c.png'), fileName: 'b, c.png', label: null },
    ]);
    expect(await collectImageFiles(path.join(root, 'list.jsonl'), { labelField: 'label' })).toEqual([
      { filePath: path.join(root, 'img/a.png'), fileName: 'a.png', label: 'dog' },
      { filePath: '/abs/z.png', fileName: 'z.png', label: null },
    ]);
  });

  it('points URL lists at the server-side import, and asks for the path field when it cannot tell', async () => {
    const root = makeTree({ 'urls.csv': 'url\nhttps://images.example.com/a.png\n', 'odd.csv': 'where\na.png\n', 'x.txt': '' });
    await expect(collectImageFiles(path.join(root, 'urls.csv'), { pathField: 'url' })).rejects.toThrow(/quorum import urls.csv --image-field url/);
    await expect(collectImageFiles(path.join(root, 'odd.csv'))).rejects.toThrow(/--path-field/);
    await expect(collectImageFiles(path.join(root, 'x.txt'))).rejects.toThrow(/folder of images, or a .csv or .jsonl/);
    await expect(collectImageFiles(path.join(root, 'missing'))).rejects.toThrow(/no such file or folder/);
  });
});
