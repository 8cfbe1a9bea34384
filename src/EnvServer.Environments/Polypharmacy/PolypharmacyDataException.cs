namespace EnvServer.Environments.Polypharmacy;

/// <summary>
/// A polypharmacy data file that is missing or wrong. The message names the file, and for a bad value its
/// row (the line number, header = 1) and column, e.g. <c>drug_metadata.csv, row 5, column 'max_dose_mg': …</c>.
/// Thrown while the server builds its environment registry, so a bad file stops start-up.
/// </summary>
public sealed class PolypharmacyDataException(string message, Exception? inner = null) : Exception(message, inner);
