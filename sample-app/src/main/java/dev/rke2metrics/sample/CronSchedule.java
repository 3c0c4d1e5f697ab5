package dev.rke2metrics.sample;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.ZonedDateTime;
import java.util.Locale;
import picocli.CommandLine;

/**
 * A save schedule. The number of fields picks the dialect: 5 is Unix cron (RKE2's {@code 0 *&#47;12 * * *}),
 * 6 is Spring cron with a leading seconds field ({@code *&#47;1 * * * * *}, {@code ?} allowed for day fields),
 * 7 is Quartz with seconds and year.
 */
public final class CronSchedule {
    private final String expression;
    private final Cron cron;
    private final ExecutionTime executionTime;

    private CronSchedule(String expression, Cron cron) {
        this.expression = expression;
        this.cron = cron;
        this.executionTime = ExecutionTime.forCron(cron);
    }

    public static CronSchedule parse(String expression) {
        String e = expression == null ? "" : expression.trim();
        int fields = e.isEmpty() ? 0 : e.split("\\s+").length;
        CronType type;
        switch (fields) {
            case 5: type = CronType.UNIX; break;
            case 6: type = CronType.SPRING; break;
            case 7: type = CronType.QUARTZ; break;
            default:
                throw new IllegalArgumentException("invalid cron expression '" + expression + "': it has " + fields
                    + " fields; use 5 (Unix: minute hour day month weekday) or 6 (seconds first)");
        }
        try {
            Cron cron = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(type)).parse(e).validate();
            return new CronSchedule(e, cron);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("invalid cron expression '" + expression + "': " + ex.getMessage(), ex);
        }
    }

    /** The first time strictly after {@code after}. */
    public ZonedDateTime next(ZonedDateTime after) {
        return executionTime.nextExecution(after)
            .orElseThrow(() -> new IllegalStateException("schedule '" + expression + "' has no time after " + after));
    }

    public String describe() {
        return CronDescriptor.instance(Locale.UK).describe(cron);
    }

    @Override
    public String toString() {
        return expression;
    }

    /** For picocli: a bad expression is reported like any bad flag value. */
    public static final class Converter implements CommandLine.ITypeConverter<CronSchedule> {
        @Override
        public CronSchedule convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
