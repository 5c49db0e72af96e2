package io.scorestream.stream;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.scorestream.sampler.SamplingPlan;
import io.scorestream.schedule.GridSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The sampler actor's scorestream.sampler settings: the same choices as sample's options, checked the same way. */
class SamplerSettingsTest {
    static StreamSettings with(String sampler) {
        Config c = ConfigFactory.parseString("scorestream.sampler { " + sampler + " }").withFallback(ConfigFactory.defaultReference());
        return StreamSettings.from(c);
    }

    @Test
    void defaultsAreTheThirdOrderSolverOnTheModelsLevels() {
        assertEquals(SamplingPlan.defaults(), with("").sampler());
        assertEquals("dpm3m-sde", with("").sampler().sampler());
    }

    @Test
    void gridStepsAndConstantsAreRead() {
        assertEquals(new SamplingPlan("ddpm", GridSpec.of("lcw").withSteps(60).withLcw(2, 12)), with("sampler = ddpm, grid = lcw, steps = 60, c1 = 12").sampler());
        assertEquals(new SamplingPlan("ei", GridSpec.of("cks").withKappa(0.2).withDelta(1e-4)), with("sampler = ei, grid = cks, kappa = 0.2, delta = 1e-4").sampler());
        assertEquals(new SamplingPlan("ve", GridSpec.of("gkl").withEpsilon(0.05)), with("sampler = ve, grid = gkl, epsilon = 0.05").sampler());
    }

    @Test
    void settingsNoGridCanUseAreRefusedNamingTheSection() {
        for (String[] bad : new String[][]{{"grid = fancy", "unknown grid"}, {"sampler = heun", "unknown sampler"},
                {"grid = gkl, c0 = 3", "c0 applies to the lcw grid only"}, {"grid = lcw, steps = 20", "T >= 36"}, {"steps = 1", "at least 2"}}) {
            var e = assertThrows(IllegalArgumentException.class, () -> with(bad[0]));
            assertTrue(e.getMessage().startsWith("scorestream.sampler: ") && e.getMessage().contains(bad[1]), e.getMessage());
        }
    }

    @Test
    void theJsonEnvelopeIsConnectsOrNoneAndOnlyForJsonFeeds() {
        assertFalse(with("").connectEnvelope());
        Config json = ConfigFactory.parseString("scorestream.input.format = json, scorestream.sampler.json-envelope = Connect").withFallback(ConfigFactory.defaultReference());
        assertTrue(StreamSettings.from(json).connectEnvelope());
        var unknown = assertThrows(IllegalArgumentException.class, () -> StreamSettings.from(ConfigFactory.parseString(
                "scorestream.input.format = json, scorestream.sampler.json-envelope = avro").withFallback(ConfigFactory.defaultReference())));
        assertEquals("scorestream.sampler.json-envelope must be none or connect, got avro", unknown.getMessage());
        var csv = assertThrows(IllegalArgumentException.class, () -> with("json-envelope = connect"));
        assertEquals("scorestream.sampler.json-envelope = connect is for input.format = json (generated records are written in the feed's format, here csv)", csv.getMessage());
    }
}
