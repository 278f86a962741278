// Types for huge-pages.mjs (the launchers stay plain JavaScript: they run before the TypeScript loader).

/** What the decision looks at; see huge-pages.mjs. */
export interface HugePagesHost {
  readonly platform: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly glibc: string | undefined;
  readonly thpMode: string | undefined;
}

export function hugePagesWanted(host: HugePagesHost): boolean;

export function relaunchWithHugePages(): Promise<void>;
