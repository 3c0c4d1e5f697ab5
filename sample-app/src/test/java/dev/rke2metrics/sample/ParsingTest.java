package dev.rke2metrics.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Flag values: cron schedules, Go durations, shell-mode words. */
class ParsingTest {
    private static final ZonedDateTime T = ZonedDateTime.of(2024, 5, 1, 10, 7, 30, 0, ZoneOffset.UTC);

    @Test
    void fiveFieldsAreUnixCronLikeRke2sDefault() {
        CronSchedule every12h = CronSchedule.parse("0 */12 * * *");
        assertEquals(ZonedDateTime.of(2024, 5, 1, 12, 0, 0, 0, ZoneOffset.UTC), every12h.next(T));
        assertEquals(ZonedDateTime.of(2024, 5, 2, 0, 0, 0, 0, ZoneOffset.UTC),
            every12h.next(ZonedDateTime.of(2024, 5, 1, 12, 0, 0, 0, ZoneOffset.UTC)));
    }

    @Test
    void sixFieldsStartWithSecondsAndAcceptQuestionMarks() {
        for (String perSecond : List.of("* * * * * *", "*/1 * * * * *", "* * * * * ?")) {
            assertEquals(T.plusSeconds(1), CronSchedule.parse(perSecond).next(T), perSecond);
        }
        assertEquals(T.withSecond(40), CronSchedule.parse("*/20 * * * * *").next(T));
        assertEquals(T.plusSeconds(1), CronSchedule.parse("* * * * * ? *").next(T), "7 fields: Quartz with year");
    }

    @Test
    void badSchedulesSayWhy() {
        assertTrue(CronSchedule.parse("0 */12 * * *").describe().length() > 0);
        IllegalArgumentException fields = assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("* *"));
        assertTrue(fields.getMessage().startsWith("invalid cron expression '* *': it has 2 fields"), fields.getMessage());
        IllegalArgumentException value = assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("61 * * * *"));
        assertTrue(value.getMessage().startsWith("invalid cron expression '61 * * * *': "), value.getMessage());
    }

    @Test
    void durationsAreWrittenTheGoWay() {
        assertEquals(Duration.ofSeconds(30), GoDuration.parse("30s"));
        assertEquals(Duration.ofMinutes(5), GoDuration.parse("5m0s"));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1h30m"));
        assertEquals(Duration.ofMillis(1500), GoDuration.parse("1.5s"));
        assertEquals(Duration.ofMillis(250), GoDuration.parse("250ms"));
        assertEquals(Duration.ZERO, GoDuration.parse("0"));
        assertEquals("1h30m0s", GoDuration.format(Duration.ofMinutes(90)));
        assertEquals("10m0s", GoDuration.format(Duration.ofMinutes(10)));
        assertEquals("30s", GoDuration.format(Duration.ofSeconds(30)));
        assertEquals("250ms", GoDuration.format(Duration.ofMillis(250)));
        for (String bad : List.of("", "30", "5 m", "1d", "-1s", "s")) {
            CommandLine.TypeConversionException e = assertThrows(CommandLine.TypeConversionException.class,
                () -> GoDuration.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "' is not a duration"), e.getMessage());
        }
    }

    @Test
    void shellWordsHonourQuotesAndEscapes() {
        assertEquals(List.of("save", "--s3-folder", "my folder", "--name", "a\"b", "x y", "it's"),
            ShellWords.split("  save --s3-folder 'my folder' --name \"a\\\"b\" x\\ y \"it's\" "));
        assertEquals(List.of("a", ""), ShellWords.split("a ''"));
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("save 'open"));
    }
}
