using System.Text;
using System.Text.RegularExpressions;

namespace InterviewFunctions.App.Queues;

/// <summary>The rules Azure Storage applies to queue names and messages, enforced by every adapter alike.</summary>
public static partial class QueueNames
{
    public const string PoisonSuffix = "-poison";

    /// <summary>
    /// The service takes 64 KiB per message, and the text travels Base64-encoded (what the Functions trigger expects),
    /// so the text itself may have 48 KiB of UTF-8.
    /// </summary>
    public const int MaxTextBytes = 48 * 1024;

    public static readonly TimeSpan MaxVisibility = TimeSpan.FromDays(7);
    public static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromDays(7);

    public static string PoisonQueueFor(string queue) => queue + PoisonSuffix;

    public static bool IsPoisonQueue(string queue) => queue.EndsWith(PoisonSuffix, StringComparison.Ordinal);

    /// <exception cref="ArgumentException">The name is not one Azure Storage accepts.</exception>
    public static string Validate(string queue)
    {
        if (queue is null || queue.Length is < 3 or > 63 || !Pattern().IsMatch(queue))
        {
            throw new ArgumentException($"'{queue}' is not a valid queue name: 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.", nameof(queue));
        }
        return queue;
    }

    public static void ValidateSend(string queue, string text, TimeSpan visibilityDelay, TimeSpan? timeToLive)
    {
        Validate(queue);
        ArgumentNullException.ThrowIfNull(text);
        if (Encoding.UTF8.GetByteCount(text) > MaxTextBytes)
        {
            throw new ArgumentException($"A message may have at most {MaxTextBytes} bytes of UTF-8 text (64 KiB once Base64-encoded).", nameof(text));
        }
        if (visibilityDelay < TimeSpan.Zero || visibilityDelay > MaxVisibility)
        {
            throw new ArgumentOutOfRangeException(nameof(visibilityDelay), visibilityDelay, "The visibility delay must be 0 to 7 days.");
        }
        if (timeToLive is { } ttl && ttl != Timeout.InfiniteTimeSpan)
        {
            if (ttl < TimeSpan.FromSeconds(1))
            {
                throw new ArgumentOutOfRangeException(nameof(timeToLive), ttl, "The time to live must be at least one second, or infinite.");
            }
            if (visibilityDelay >= ttl)
            {
                throw new ArgumentOutOfRangeException(nameof(visibilityDelay), visibilityDelay, "The visibility delay must be shorter than the time to live.");
            }
        }
    }

    public static void ValidateReceive(string queue, int maxMessages, TimeSpan visibilityTimeout)
    {
        Validate(queue);
        if (maxMessages is < 1 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(maxMessages), maxMessages, "1 to 32 messages can be received at once.");
        }
        if (visibilityTimeout < TimeSpan.FromSeconds(1) || visibilityTimeout > MaxVisibility)
        {
            throw new ArgumentOutOfRangeException(nameof(visibilityTimeout), visibilityTimeout, "The visibility timeout of a receive must be 1 second to 7 days.");
        }
    }

    public static void ValidateUpdate(string queue, TimeSpan visibilityTimeout)
    {
        Validate(queue);
        if (visibilityTimeout < TimeSpan.Zero || visibilityTimeout > MaxVisibility)
        {
            throw new ArgumentOutOfRangeException(nameof(visibilityTimeout), visibilityTimeout, "The visibility timeout must be 0 to 7 days.");
        }
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
