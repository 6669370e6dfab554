using Switchyard.Gateway.Pipeline;

namespace Switchyard.Gateway.Tests.Pipeline;

public sealed class RequestIdsTests
{
    private const string Crockford = "0123456789abcdefghjkmnpqrstvwxyz";

    [Fact]
    public void New_IsReqPrefixAnd26CrockfordDigits()
    {
        var id = RequestIds.New();

        id.Should().HaveLength(30).And.StartWith("req_");
        id[4..].ToCharArray().Should().OnlyContain(c => Crockford.Contains(c, StringComparison.Ordinal));
    }

    [Fact]
    public void New_DecodesToAVersion7UuidOfNow()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var bytes = Decode(RequestIds.New()[4..]);
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var milliseconds = 0L;
        for (var i = 0; i < 6; i++)
        {
            milliseconds = (milliseconds << 8) | bytes[i];
        }

        milliseconds.Should().BeInRange(before, after);
        (bytes[6] >> 4).Should().Be(7);
        (bytes[8] >> 6).Should().Be(2);
    }

    [Fact]
    public void New_GivesTheSameUuidAsAGuid()
    {
        var id = RequestIds.New(out var uuid);

        uuid.ToByteArray(bigEndian: true).Should().Equal(Decode(id[4..]));
        uuid.Version.Should().Be(7);
    }

    [Fact]
    public void New_IsUniqueAndSortsByTime()
    {
        var ids = new List<string>();
        for (var i = 0; i < 2000; i++)
        {
            ids.Add(RequestIds.New());
        }

        ids.Should().OnlyHaveUniqueItems();
        var first = RequestIds.New();
        var created = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        SpinWait.SpinUntil(() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() > created);
        string.CompareOrdinal(RequestIds.New(), first).Should().BePositive();
    }

    private static byte[] Decode(string digits)
    {
        var bytes = new byte[16];
        var bitBuffer = 0;
        var bitCount = 0;
        var index = 0;
        foreach (var c in digits[..25])
        {
            bitBuffer = (bitBuffer << 5) | Crockford.IndexOf(c, StringComparison.Ordinal);
            bitCount += 5;
            if (bitCount >= 8)
            {
                bytes[index++] = (byte)(bitBuffer >> (bitCount - 8));
                bitCount -= 8;
            }
        }

        // 25 digits carry 125 bits; the last digit holds the final 3 bits, left-aligned.
        var last = Crockford.IndexOf(digits[25], StringComparison.Ordinal) >> 2;
        bytes[index] = (byte)((bitBuffer << 3) | last);
        return bytes;
    }
}
