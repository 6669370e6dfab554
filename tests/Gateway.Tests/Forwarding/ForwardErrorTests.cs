using System.Globalization;
using Switchyard.Gateway.Forwarding;
using Switchyard.TestCommon;

namespace Switchyard.Gateway.Tests.Forwarding;

public sealed class ForwardErrorTests
{
    [Theory]
    [InlineData(ForwardError.ConnectFailed, 0, true)]
    [InlineData(ForwardError.Timeout, 0, true)]
    [InlineData(ForwardError.UpstreamBrokeOff, 0, true)]
    [InlineData(ForwardError.ClientAborted, 0, false)]
    [InlineData(ForwardError.RequestRejected, 400, false)]
    [InlineData(ForwardError.None, 200, false)]
    [InlineData(ForwardError.UpstreamStatus, 408, true)]
    [InlineData(ForwardError.UpstreamStatus, 429, true)]
    [InlineData(ForwardError.UpstreamStatus, 500, true)]
    [InlineData(ForwardError.UpstreamStatus, 503, true)]
    [InlineData(ForwardError.UpstreamStatus, 599, true)]
    [InlineData(ForwardError.UpstreamStatus, 400, false)]
    [InlineData(ForwardError.UpstreamStatus, 401, false)]
    [InlineData(ForwardError.UpstreamStatus, 404, false)]
    public void IsRetryable_Default(ForwardError error, int status, bool expected)
    {
        error.IsRetryable(status).Should().Be(expected);
    }

    [Fact]
    public void IsRetryable_ConfiguredCodes_ReplaceTheDefault()
    {
        int[] codes = [502, 404];

        ForwardError.UpstreamStatus.IsRetryable(404, codes).Should().BeTrue();
        ForwardError.UpstreamStatus.IsRetryable(503, codes).Should().BeFalse();
        ForwardError.Timeout.IsRetryable(0, codes).Should().BeTrue();
        ForwardError.ClientAborted.IsRetryable(0, codes).Should().BeFalse();
        ForwardError.UpstreamStatus.IsRetryable(503, []).Should().BeTrue("an empty list means the default");
    }

    [Fact]
    public void ToWire_NamesEveryError()
    {
        foreach (var error in Enum.GetValues<ForwardError>())
        {
            ForwardErrorNames.ToWire(error).Should().MatchRegex("^[a-z_]+$");
        }
    }

    [Theory]
    [InlineData("retry-after-ms", "1500", 1500)]
    [InlineData("Retry-After", "7", 7000)]
    [InlineData("Retry-After", "2.5", 2500)]
    [InlineData("Retry-After", "-3", 0)]
    public void RetryAfter_HeaderForms(string header, string value, int expectedMs)
    {
        using var message = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
        message.Headers.TryAddWithoutValidation(header, value);

        RetryAfterParser.Parse(new HttpClientAnswer(message), TimeProvider.System).Should().Be(TimeSpan.FromMilliseconds(expectedMs));
    }

    [Fact]
    public void RetryAfter_HttpDate_IsTheTimeUntilThen()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        using var message = new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable);
        message.Headers.TryAddWithoutValidation("Retry-After", new DateTimeOffset(2025, 3, 1, 12, 0, 30, TimeSpan.Zero).ToString("r", CultureInfo.InvariantCulture));

        RetryAfterParser.Parse(new HttpClientAnswer(message), time).Should().Be(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void RetryAfter_MsWinsOverSeconds_AndGarbageIsIgnored()
    {
        using var both = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
        both.Headers.TryAddWithoutValidation("Retry-After", "2");
        both.Headers.TryAddWithoutValidation("retry-after-ms", "250");
        RetryAfterParser.Parse(new HttpClientAnswer(both), TimeProvider.System).Should().Be(TimeSpan.FromMilliseconds(250));

        using var garbage = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
        garbage.Headers.TryAddWithoutValidation("Retry-After", "soon");
        RetryAfterParser.Parse(new HttpClientAnswer(garbage), TimeProvider.System).Should().BeNull();
    }
}
