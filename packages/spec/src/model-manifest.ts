/** Served beside model files (`/models/<id>/manifest.json`): what to fetch and how to verify it. */
export interface ModelManifest {
  manifestVersion: 1;
  id: string;
  files: ModelFileEntry[];
}

export interface ModelFileEntry {
  /** File name, relative to the manifest's URL. */
  name: string;
  size: number;
  /** Lowercase hex SHA-256 of the whole file. */
  sha256: string;
}
