using OpenCvSharp;

namespace DatasetForge.Curation.Detection;

/// <summary>
/// MediaPipe's weighted non-maximum suppression: the best box absorbs every box that overlaps it by more than the
/// threshold, and the merged face is the score-weighted mean of their boxes and keypoints (steadier than plain NMS).
/// </summary>
internal static class NonMaximumSuppression
{
    public static List<FaceDetection> Weighted(IEnumerable<FaceDetection> candidates, float iouThreshold)
    {
        var remaining = candidates.OrderByDescending(c => c.Score).ToList();
        var result = new List<FaceDetection>();
        while (remaining.Count > 0)
        {
            var best = remaining[0];
            var cluster = remaining.Where(c => IntersectionOverUnion(best.Box, c.Box) > iouThreshold).ToList();
            remaining.RemoveAll(cluster.Contains);
            if (cluster.Count == 0)
            {
                cluster.Add(best);
                remaining.RemoveAt(0);
            }

            result.Add(Merge(best, cluster));
        }

        return result;
    }

    public static float IntersectionOverUnion(Rect2f a, Rect2f b)
    {
        var x1 = Math.Max(a.Left, b.Left);
        var y1 = Math.Max(a.Top, b.Top);
        var x2 = Math.Min(a.Right, b.Right);
        var y2 = Math.Min(a.Bottom, b.Bottom);
        var intersection = Math.Max(0, x2 - x1) * Math.Max(0, y2 - y1);
        var union = (a.Width * a.Height) + (b.Width * b.Height) - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    private static FaceDetection Merge(FaceDetection best, List<FaceDetection> cluster)
    {
        if (cluster.Count == 1)
        {
            return best;
        }

        var total = cluster.Sum(c => c.Score);
        float x = 0, y = 0, w = 0, h = 0;
        var points = new Point2f[best.Keypoints.Count];
        foreach (var c in cluster)
        {
            var weight = c.Score / total;
            x += c.Box.X * weight;
            y += c.Box.Y * weight;
            w += c.Box.Width * weight;
            h += c.Box.Height * weight;
            for (var k = 0; k < points.Length; k++)
            {
                points[k] = new Point2f(points[k].X + (c.Keypoints[k].X * weight), points[k].Y + (c.Keypoints[k].Y * weight));
            }
        }

        return new FaceDetection(new Rect2f(x, y, w, h), best.Score, points);
    }
}
