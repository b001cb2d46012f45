using DatasetForge.Core.Definitions;

namespace DatasetForge.Curation.Detection;

/// <summary>Creates the detector that <see cref="CurationOptions.Detector"/> names.</summary>
public static class FaceDetectorFactory
{
    /// <summary>
    /// <c>blazeface</c>: <see cref="BlazeFaceDetector"/> from the asset folder; <c>haar</c>: <see cref="HaarFaceDetector"/>
    /// with Debian's cascade. Anything else is an error that lists the choices.
    /// </summary>
    public static IFaceDetector Create(CurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Detector.Trim().ToLowerInvariant() switch
        {
            BlazeFaceDetector.DetectorName => BlazeFaceDetector.FromAssets(options.MinScore),
            HaarFaceDetector.DetectorName => new HaarFaceDetector(),
            _ => throw new ArgumentException(
                $"Unknown face detector '{options.Detector}'; use '{BlazeFaceDetector.DetectorName}' or '{HaarFaceDetector.DetectorName}'.",
                nameof(options)),
        };
    }
}
