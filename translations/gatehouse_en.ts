<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>gatehouse::ui::CertificateInspector</name>
    <message numerus="yes">
        <source>%n certificate(s) from %1</source>
        <translation>
            <numerusform>%n certificate from %1</numerusform>
            <numerusform>%n certificates from %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::GatewayForm</name>
    <message numerus="yes">
        <source>%n suite(s) chosen for TLS 1.0–1.2.</source>
        <translation>
            <numerusform>%n suite chosen for TLS 1.0–1.2.</numerusform>
            <numerusform>%n suites chosen for TLS 1.0–1.2.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::MainWindow</name>
    <message numerus="yes">
        <source>Opened %n file(s).</source>
        <translation>
            <numerusform>Opened %n file.</numerusform>
            <numerusform>Opened %n files.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::Navigator</name>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n error</numerusform>
            <numerusform>%n errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n warning</numerusform>
            <numerusform>%n warnings</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::ProblemsPanel</name>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n error</numerusform>
            <numerusform>%n errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n warning</numerusform>
            <numerusform>%n warnings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note(s)</source>
        <translation>
            <numerusform>%n note</numerusform>
            <numerusform>%n notes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::ScanView</name>
    <message numerus="yes">
        <source>%n deviation(s) from the policy.</source>
        <translation>
            <numerusform>%n deviation from the policy.</numerusform>
            <numerusform>%n deviations from the policy.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n probe(s) failed; results may be incomplete.</source>
        <translation>
            <numerusform>%n probe failed; results may be incomplete.</numerusform>
            <numerusform>%n probes failed; results may be incomplete.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::ValidityTimeline</name>
    <message numerus="yes">
        <source>Not valid for another %n day(s)</source>
        <translation>
            <numerusform>Not valid for another %n day</numerusform>
            <numerusform>Not valid for another %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Expired %n day(s) ago</source>
        <translation>
            <numerusform>Expired %n day ago</numerusform>
            <numerusform>Expired %n days ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Valid for %n more day(s)</source>
        <translation>
            <numerusform>Valid for %n more day</numerusform>
            <numerusform>Valid for %n more days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::MainWindow</name>
    <message numerus="yes">
        <source>The workspace has %n error(s); fix them (see Problems) to serve it.</source>
        <translation>
            <numerusform>The workspace has %n error; fix it (see Problems) to serve it.</numerusform>
            <numerusform>The workspace has %n errors; fix them (see Problems) to serve it.</numerusform>
        </translation>
    </message>
</context>
</TS>
