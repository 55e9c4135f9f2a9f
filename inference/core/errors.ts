/**
 * Errors of the inference library. The GraphQL layer maps `InputValidationError` to
 * BAD_USER_INPUT, `ModelNotFoundError` to NOT_FOUND, `ModelUnavailableError` to UNAVAILABLE, and
 * `RegistryStateError` to BAD_USER_INPUT (an admin asked for something the registry cannot do).
 */

/** A caller-supplied value cannot be scored. `message` says what to change. */
export class InputValidationError extends Error {
  override readonly name = 'InputValidationError';

  constructor(
    /** Input field at fault, e.g. `followersCount`. */
    readonly field: string,
    message: string,
    /** Index of the row in the batch passed to the scorer, when the call scored several rows. */
    readonly row?: number,
  ) {
    super(row === undefined ? message : `row ${row}: ${message}`);
  }
}

/** A model directory, card or ONNX file could not be loaded. The message names the file. */
export class ModelLoadError extends Error {
  override readonly name = 'ModelLoadError';

  constructor(
    /** Absolute path of the file or directory at fault. */
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${message}`, options);
  }
}

/** No such model name or version in the registry. */
export class ModelNotFoundError extends Error {
  override readonly name = 'ModelNotFoundError';

  constructor(
    readonly model: string,
    readonly version?: string,
  ) {
    super(
      version === undefined
        ? `unknown model "${model}"`
        : `model "${model}" has no version "${version}"`,
    );
  }
}

/** The registry has no Production version of a model, so it cannot score with it. */
export class ModelUnavailableError extends Error {
  override readonly name = 'ModelUnavailableError';

  constructor(readonly model: string) {
    super(`no Production version of model "${model}" is loaded`);
  }
}

/** A promote/rollback request that the registry's current state does not allow. */
export class RegistryStateError extends Error {
  override readonly name = 'RegistryStateError';
}
