using System.Globalization;
using System.Runtime.CompilerServices;
using DatasetForge.Core.Definitions;
using OpenCvSharp;

namespace DatasetForge.Sources.Reading;

/// <summary>
/// Frames sampled from a video file every N seconds or every N frames, each (and each left/right half, when asked
/// for) a photo keyed <c>file@hh:mm:ss.fff</c>, labelled by the manifest's <c>label:</c> or per crop by a sidecar CSV
/// (<see cref="VideoLabels"/>). MJPEG AVI is read by OpenCV's own decoder, which needs no FFmpeg;
/// other containers go to whatever backend the OpenCV build has.
/// </summary>
internal sealed class VideoSourceReader : ISourceReader
{
    /// <summary>The sampling interval when the manifest gives none.</summary>
    public const double DefaultEverySeconds = 1.0;

    /// <summary>JPEG quality of stored frames: near-lossless, a tenth of a PNG's size for a film frame.</summary>
    public const int FrameJpegQuality = 95;

    public async IAsyncEnumerable<ImportItem> ReadAsync(
        SourceManifest source, DatasetDefinition dataset, Action<string> warn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = source.Import!;
        var path = SourcePaths.Require(settings.Path, "path");
        var display = SourcePaths.Display(source, path);
        if (!File.Exists(path))
        {
            throw new ImportSourceException($"the video {display} does not exist");
        }

        using var capture = Open(path);
        if (!capture.IsOpened())
        {
            throw new ImportSourceException($"the video {display} could not be opened (OpenCV reads MJPEG AVI on its own; other formats need an OpenCV built with FFmpeg or GStreamer)");
        }

        var fps = capture.Fps;
        if (!(fps > 0) || double.IsInfinity(fps))
        {
            throw new ImportSourceException($"the video {display} gives no frame rate");
        }

        var step = settings.EveryFrames ?? Math.Max(1, (int)Math.Round((settings.EverySeconds ?? DefaultEverySeconds) * fps));
        var name = Path.GetFileName(path);
        var url = new Uri(path).AbsoluteUri;
        // Labels per crop, read (and checked) before any frame is.
        var labels = settings.Labels is { } labelsPath
            ? await VideoLabels.LoadAsync(labelsPath, SourcePaths.Display(source, labelsPath), settings.Crops, fps, step, cancellationToken)
            : null;
        var lastSeconds = 0.0;
        using var frame = new Mat();
        for (var index = 0; ; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Grab decodes nothing; only sampled frames are retrieved (decoded).
            if (!capture.Grab())
            {
                break;
            }

            if (index % step != 0)
            {
                continue;
            }

            if (!capture.Retrieve(frame) || frame.Empty())
            {
                var at = Stamp(index / fps);
                yield return ImportItem.Failed($"{name}@{at}", $"{display} frame {index}", url, $"{display} frame {index} ({at}) could not be decoded");
                continue;
            }

            var seconds = index / fps;
            lastSeconds = seconds;
            var stamp = Stamp(seconds);
            foreach (var crop in settings.Crops)
            {
                var key = crop == VideoCrop.Full ? $"{name}@{stamp}" : $"{name}@{stamp}#{crop.ToString().ToLowerInvariant()}";
                var location = $"{display} frame {index} ({stamp}, {crop.ToString().ToLowerInvariant()})";
                var timestamp = Math.Round(seconds, 3).ToString(CultureInfo.InvariantCulture);
                var (label, conflict) = labels?.For(index, seconds, crop) ?? (null, null);
                if (conflict is not null)
                {
                    yield return ImportItem.Failed(key, location, $"{url}#t={timestamp}", $"{location}: {conflict}");
                    continue;
                }

                var bytes = Encode(frame, crop);
                var facets = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["video"] = name,
                    ["timestamp"] = timestamp,
                    ["frame"] = index.ToString(CultureInfo.InvariantCulture),
                    ["crop"] = crop.ToString().ToLowerInvariant(),
                };
                if (label is not null && !source.Unlabelled)
                {
                    // The row's label overrides the manifest's label: for this crop.
                    facets[dataset.Label] = label;
                }

                yield return new ImportItem(key, location, $"{url}#t={timestamp}", facets)
                {
                    Load = _ => Task.FromResult(bytes),
                };
            }
        }

        foreach (var unmatched in labels?.Unmatched(lastSeconds) ?? [])
        {
            warn(unmatched);
        }
    }

    /// <summary>Opens a video with OpenCV's MJPEG reader for .avi/.mjpeg, else the build's default backend.</summary>
    public static VideoCapture Open(string path)
    {
        var extension = Path.GetExtension(path);
        if (extension.Equals(".avi", StringComparison.OrdinalIgnoreCase) || extension.Equals(".mjpeg", StringComparison.OrdinalIgnoreCase) || extension.Equals(".mjpg", StringComparison.OrdinalIgnoreCase))
        {
            var mjpeg = new VideoCapture(path, VideoCaptureAPIs.OPENCV_MJPEG);
            if (mjpeg.IsOpened())
            {
                return mjpeg;
            }

            mjpeg.Dispose();
        }

        return new VideoCapture(path, VideoCaptureAPIs.ANY);
    }

    private static string Stamp(double seconds) => VideoLabels.Stamp(seconds);

    private static byte[] Encode(Mat frame, VideoCrop crop)
    {
        var half = frame.Width / 2;
        using var part = crop switch
        {
            VideoCrop.Left => new Mat(frame, new Rect(0, 0, half, frame.Height)),
            VideoCrop.Right => new Mat(frame, new Rect(half, 0, frame.Width - half, frame.Height)),
            _ => new Mat(frame, new Rect(0, 0, frame.Width, frame.Height)),
        };
        return part.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, FrameJpegQuality));
    }
}
