/** Served beside model files (`/models/<id>/manifest.json`): what to fetch and how to verify it. */
export interface ModelManifest {
  /** 2 adds `chunks` to file entries; readers accept 1 and 2 (a version 1 entry has no `chunks`). */
  manifestVersion: 1 | 2;
  id: string;
  files: ModelFileEntry[];
}

export interface ModelFileEntry {
  /** File name, relative to the manifest's URL. */
  name: string;
  size: number;
  /** Lowercase hex SHA-256 of the whole file. */
  sha256: string;
  /** Version 2: the SHA-256 of each `size`-byte slice in order (the last one shorter), so each downloaded chunk verifies on its own. */
  chunks?: ModelFileChunks;
}

export interface ModelFileChunks {
  /** Bytes per chunk. */
  size: number;
  /** Lowercase hex SHA-256 per chunk: ceil(file size / chunk size) of them. */
  sha256: string[];
}
