using System.Security.Cryptography;

namespace OpenClue.Modeling.Learning;

/// <summary>Deterministic, stratified train/evaluation split (rule D18).</summary>
public static class HoldoutSplit
{
    public const double HeldOutFraction = 0.2;

    /// <summary>
    /// Marks the users held out for evaluation. Within each label class (0 and 1 separately) users are ranked by
    /// SHA-256(UTF-8 of <c>taskId + ":" + userId</c>), digests compared as unsigned big-endian numbers (lexicographic
    /// bytes); the first floor(n_class × 0.2) of each class are held out (computed exactly as n_class / 5 in integers).
    /// A class of fewer than 5 users therefore holds out nobody. The result depends only on the inputs, not their order.
    /// </summary>
    public static bool[] SelectHeldOut(string taskId, IReadOnlyList<string> userIds, IReadOnlyList<byte> labels)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        ArgumentNullException.ThrowIfNull(userIds);
        ArgumentNullException.ThrowIfNull(labels);
        if (userIds.Count != labels.Count) throw new ArgumentException("userIds and labels differ in length.");

        int n = userIds.Count;
        var digests = new byte[n][];
        var byClass = new[] { new List<int>(), new List<int>() };
        for (int i = 0; i < n; i++)
        {
            byte label = labels[i];
            if (label > 1) throw new ArgumentException("labels must be 0 or 1.", nameof(labels));
            digests[i] = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(taskId + ":" + userIds[i]));
            byClass[label].Add(i);
        }

        var heldOut = new bool[n];
        foreach (List<int> members in byClass)
        {
            // Ties (only possible for duplicate ids) fall back to input index for a total order.
            members.Sort((a, b) =>
            {
                int c = digests[a].AsSpan().SequenceCompareTo(digests[b]);
                return c != 0 ? c : a.CompareTo(b);
            });
            int take = members.Count / 5; // == floor(n_class * 0.2)
            for (int k = 0; k < take; k++) heldOut[members[k]] = true;
        }
        return heldOut;
    }
}
