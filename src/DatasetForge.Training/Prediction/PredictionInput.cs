using DatasetForge.Training.Data;

namespace DatasetForge.Training.Prediction;

/// <summary>One image to classify: its id (the photo's file name without extension) and its decoded face crop.</summary>
public sealed record PredictionInput(string Id, DecodedImage Image);
