using System.Globalization;
using System.Runtime.CompilerServices;
using DatasetForge.Core.Definitions;
using OpenCvSharp;

namespace DatasetForge.Sources.Reading;

/// <summary>
/// Frames sampled from a video file every N seconds or every N frames, each (and each left/right half, when asked
/// for) a photo keyed <c>file@hh:mm:ss.fff</c>. MJPEG AVI is read by OpenCV's own decoder, which needs no FFmpeg;
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
        using var frame = new Mat();
        await Task.CompletedTask;
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
            var stamp = Stamp(seconds);
            foreach (var crop in settings.Crops)
            {
                var key = crop == VideoCrop.Full ? $"{name}@{stamp}" : $"{name}@{stamp}#{crop.ToString().ToLowerInvariant()}";
                var bytes = Encode(frame, crop);
                var facets = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["video"] = name,
                    ["timestamp"] = Math.Round(seconds, 3).ToString(CultureInfo.InvariantCulture),
                    ["frame"] = index.ToString(CultureInfo.InvariantCulture),
                    ["crop"] = crop.ToString().ToLowerInvariant(),
                };
                yield return new ImportItem(key, $"{display} frame {index} ({stamp}, {facets["crop"]})", $"{url}#t={facets["timestamp"]}", facets)
                {
                    Load = _ => Task.FromResult(bytes),
                };
            }
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

    private static string Stamp(double seconds) =>
        TimeSpan.FromSeconds(Math.Round(seconds, 3)).ToString(@"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);

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
