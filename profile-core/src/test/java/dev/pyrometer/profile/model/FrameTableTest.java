package dev.pyrometer.profile.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FrameTableTest {
    /** "Aa" and "BB" have the same String.hashCode, so these 4,096 names all do. */
    @Test
    void internsFramesWhoseNamesCollideInStringHashCode() {
        List<String> names = new ArrayList<>(List.of(""));
        for (int block = 0; block < 12; block++) {
            List<String> longer = new ArrayList<>();
            for (String name : names) {
                longer.add(name + "Aa");
                longer.add(name + "BB");
            }
            names = longer;
        }
        assertThat(names).hasSize(4096).extracting(String::hashCode).containsOnly(names.get(0).hashCode());
        FrameTable table = new FrameTable();

        for (int i = 0; i < names.size(); i++) {
            assertThat(table.intern(new Frame(names.get(i), "x.go", 7))).isEqualTo(i);
        }
        for (int i = 0; i < names.size(); i++) {
            assertThat(table.intern(new Frame(names.get(i), "x.go", 7))).isEqualTo(i);
            assertThat(table.get(i)).isEqualTo(new Frame(names.get(i), "x.go", 7));
        }
        assertThat(table.intern(new Frame(names.get(0), "x.go", 8))).isEqualTo(4096);
        assertThat(table.size()).isEqualTo(4097);
    }
}
