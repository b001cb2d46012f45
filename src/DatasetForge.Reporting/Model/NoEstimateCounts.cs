namespace DatasetForge.Reporting.Model;

/// <summary>
/// Listed persons without an estimate: without a photo, with a photo where no face was found, and with a face that
/// was not analysed (demographics off, or not curated since).
/// </summary>
public sealed record NoEstimateCounts(int Persons, int NoPhoto, int NoFace, int NotAnalysed);
