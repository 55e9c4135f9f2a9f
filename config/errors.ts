/**
 * Thrown when the environment does not describe a valid configuration. The message lists every
 * problem, one line each, starting with the variable it is about; `problems` holds the same lines.
 * (A plain string is accepted as an already formatted message.)
 */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[] | string) {
    super(
      typeof problems === 'string'
        ? problems
        : `Invalid configuration:\n  ${problems.join('\n  ')}`,
    );
    this.name = 'ConfigError';
    this.problems = typeof problems === 'string' ? [problems] : problems;
  }
}
