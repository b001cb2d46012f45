namespace DatasetForge.Training.Data;

/// <summary>
/// A batch built on the CPU and not yet a tensor: NCHW floats in [-1, 1], class indices and numeric labels. Built on a
/// worker thread while the model trains on the previous batch.
/// </summary>
public sealed record PreparedBatch(int[] Indices, float[] Pixels, long[] Labels, float[] Values);
