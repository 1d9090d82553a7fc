<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>gatehouse::ui::AboutDialog</name>
    <message>
        <source>About Gatehouse</source>
        <translation>Über Gatehouse</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Gatehouse %1&lt;/h2&gt;&lt;p&gt;A console for the ingress and egress traffic of Kyma/Istio clusters: edit Gateways, ServiceEntries and TLS settings visually and as YAML, inspect and create certificates, run the configuration on a local gateway and scan it.&lt;/p&gt;&lt;p&gt;Built with Qt %2 (running on Qt %3) and %4.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Gatehouse %1&lt;/h2&gt;&lt;p&gt;Eine Konsole für den Ingress- und Egress-Verkehr von Kyma/Istio-Clustern: Gateways, ServiceEntries und TLS-Einstellungen grafisch und als YAML bearbeiten, Zertifikate prüfen und erstellen, die Konfiguration auf einem lokalen Gateway ausführen und es scannen.&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2 (läuft auf Qt %3) und %4.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::CertificateInspector</name>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Trust the &amp;system&apos;s CAs</source>
        <translation>Den CAs des &amp;Systems vertrauen</translation>
    </message>
    <message>
        <source>Certificate Inspector</source>
        <translation>Zertifikatsprüfer</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <source>host the certificate must cover (optional)</source>
        <translation>Host, den das Zertifikat abdecken muss (optional)</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <source>Certificate chain</source>
        <translation>Zertifikatskette</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Certificate fields</source>
        <translation>Zertifikatsfelder</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Verification:</source>
        <translation>Prüfung:</translation>
    </message>
    <message>
        <source>No certificate loaded.</source>
        <translation>Kein Zertifikat geladen.</translation>
    </message>
    <message numerus="yes">
        <source>%n certificate(s) from %1</source>
        <translation>
            <numerusform>%n Zertifikat aus %1</numerusform>
            <numerusform>%n Zertifikate aus %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot open certificate</source>
        <translation>Zertifikat kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>%1 holds no certificate Gatehouse can read: %2</source>
        <translation>%1 enthält kein Zertifikat, das Gatehouse lesen kann: %2</translation>
    </message>
    <message>
        <source>Open Certificate</source>
        <translation>Zertifikat öffnen</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer *.der);;All files (*)</source>
        <translation>Zertifikate (*.pem *.crt *.cer *.der);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <source>Verification could not run: %1</source>
        <translation>Die Prüfung konnte nicht laufen: %1</translation>
    </message>
    <message>
        <source>The chain verifies: no problems found.</source>
        <translation>Die Kette ist gültig: keine Probleme gefunden.</translation>
    </message>
    <message>
        <source>%1 (depth %2, %3): %4</source>
        <translation>%1 (Tiefe %2, %3): %4</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Inhaber</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>Aussteller</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>Seriennummer</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Not before</source>
        <translation>Gültig ab</translation>
    </message>
    <message>
        <source>Not after</source>
        <translation>Gültig bis</translation>
    </message>
    <message>
        <source>DNS names</source>
        <translation>DNS-Namen</translation>
    </message>
    <message>
        <source>IP addresses</source>
        <translation>IP-Adressen</translation>
    </message>
    <message>
        <source>URIs</source>
        <translation>URIs</translation>
    </message>
    <message>
        <source>E-mail addresses</source>
        <translation>E-Mail-Adressen</translation>
    </message>
    <message>
        <source>Public key</source>
        <translation>Öffentlicher Schlüssel</translation>
    </message>
    <message>
        <source>Signature algorithm</source>
        <translation>Signaturalgorithmus</translation>
    </message>
    <message>
        <source>Key usage</source>
        <translation>Schlüsselverwendung</translation>
    </message>
    <message>
        <source>Extended key usage</source>
        <translation>Erweiterte Schlüsselverwendung</translation>
    </message>
    <message>
        <source>CA</source>
        <translation>CA</translation>
    </message>
    <message>
        <source>not a CA</source>
        <translation>keine CA</translation>
    </message>
    <message>
        <source>, path length %1</source>
        <translation>, Pfadlänge %1</translation>
    </message>
    <message>
        <source> (critical)</source>
        <translation> (kritisch)</translation>
    </message>
    <message>
        <source>Basic constraints</source>
        <translation>Basiseinschränkungen</translation>
    </message>
    <message>
        <source>Subject key ID</source>
        <translation>Inhaber-Schlüssel-ID</translation>
    </message>
    <message>
        <source>Authority key ID</source>
        <translation>Aussteller-Schlüssel-ID</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint</source>
        <translation>SHA-256-Fingerabdruck</translation>
    </message>
    <message>
        <source>SHA-1 fingerprint</source>
        <translation>SHA-1-Fingerabdruck</translation>
    </message>
    <message>
        <source>CRL</source>
        <translation>CRL</translation>
    </message>
    <message>
        <source>OCSP</source>
        <translation>OCSP</translation>
    </message>
    <message>
        <source>CA issuers</source>
        <translation>CA-Aussteller</translation>
    </message>
    <message>
        <source>Self-signed</source>
        <translation>Selbstsigniert</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>PEM chain (*.pem)</source>
        <translation>PEM-Kette (*.pem)</translation>
    </message>
    <message>
        <source>DER certificate (*.der *.cer)</source>
        <translation>DER-Zertifikat (*.der *.cer)</translation>
    </message>
    <message>
        <source>JSON description (*.json)</source>
        <translation>JSON-Beschreibung (*.json)</translation>
    </message>
    <message>
        <source>Export Certificate</source>
        <translation>Zertifikat exportieren</translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::CodeEditor</name>
    <message>
        <source>YAML text</source>
        <translation>YAML-Text</translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::GatewayForm</name>
    <message>
        <source>Redirect plain HTTP to HTTPS (&amp;httpsRedirect)</source>
        <translation>Unverschlüsseltes HTTP auf HTTPS umleiten (&amp;httpsRedirect)</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation>Hosts</translation>
    </message>
    <message>
        <source>Hosts: comma-separated, [namespace/]dnsName</source>
        <translation>Hosts: durch Kommas getrennt, [Namespace/]DNS-Name</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keiner)</translation>
    </message>
    <message>
        <source>(default: TLS_AUTO)</source>
        <translation>(Standard: TLS_AUTO)</translation>
    </message>
    <message>
        <source>Cipher suites</source>
        <translation>Cipher-Suites</translation>
    </message>
    <message>
        <source>comma-separated</source>
        <translation>durch Kommas getrennt</translation>
    </message>
    <message>
        <source>&amp;Mode:</source>
        <translation>&amp;Modus:</translation>
    </message>
    <message>
        <source>M&amp;inimum version:</source>
        <translation>M&amp;indestversion:</translation>
    </message>
    <message>
        <source>Ma&amp;ximum version:</source>
        <translation>Hö&amp;chstversion:</translation>
    </message>
    <message>
        <source>&amp;Credential (Secret):</source>
        <translation>&amp;Zugangsdaten (Secret):</translation>
    </message>
    <message>
        <source>C&amp;ipher suites:</source>
        <translation>C&amp;ipher-Suites:</translation>
    </message>
    <message>
        <source>Client &amp;CA certificates:</source>
        <translation>&amp;CA-Zertifikate für Clients:</translation>
    </message>
    <message>
        <source>Client subject &amp;alt names:</source>
        <translation>&amp;Alternative Namen der Clients:</translation>
    </message>
    <message>
        <source>&amp;Servers:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>This document is no longer a Gateway.</source>
        <translation>Dieses Dokument ist kein Gateway mehr.</translation>
    </message>
    <message>
        <source>TLS of server %1 (port %2)</source>
        <translation>TLS von Server %1 (Port %2)</translation>
    </message>
    <message>
        <source>None chosen: Envoy&apos;s default list applies. TLS 1.3 suites are not configurable.</source>
        <translation>Keine gewählt: Es gilt Envoys Standardliste. TLS-1.3-Suites sind nicht einstellbar.</translation>
    </message>
    <message numerus="yes">
        <source>%n suite(s) chosen for TLS 1.0–1.2.</source>
        <translation>
            <numerusform>%n Suite für TLS 1.0–1.2 gewählt.</numerusform>
            <numerusform>%n Suites für TLS 1.0–1.2 gewählt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Weak: %1</source>
        <translation>Schwach: %1</translation>
    </message>
    <message>
        <source>A&amp;dd Server</source>
        <translation>Server hinzu&amp;fügen</translation>
    </message>
    <message>
        <source>Remo&amp;ve Server</source>
        <translation>Server &amp;entfernen</translation>
    </message>
    <message>
        <source>[namespace/]host, Enter adds it</source>
        <translation>[Namespace/]Host, die Eingabetaste fügt ihn hinzu</translation>
    </message>
    <message>
        <source>Server hosts</source>
        <translation>Hosts des Servers</translation>
    </message>
    <message>
        <source>H&amp;osts:</source>
        <translation>H&amp;osts:</translation>
    </message>
    <message>
        <source>H&amp;osts of server %1:</source>
        <translation>H&amp;osts von Server %1:</translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::LocalGatewayPanel</name>
    <message>
        <source>Requests per second</source>
        <translation>Anfragen pro Sekunde</translation>
    </message>
    <message>
        <source>req/s</source>
        <translation>Anfr./s</translation>
    </message>
    <message>
        <source>Error rate</source>
        <translation>Fehlerrate</translation>
    </message>
    <message>
        <source>% 5xx</source>
        <translation>% 5xx</translation>
    </message>
    <message>
        <source>Upstream latency</source>
        <translation>Upstream-Latenz</translation>
    </message>
    <message>
        <source>ms (mean)</source>
        <translation>ms (Mittel)</translation>
    </message>
    <message>
        <source>Access log</source>
        <translation>Zugriffsprotokoll</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Wird gestoppt…</translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::LogPanel</name>
    <message>
        <source>debug</source>
        <translation>Debug</translation>
    </message>
    <message>
        <source>info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>kritisch</translation>
    </message>
    <message>
        <source>fatal</source>
        <translation>fatal</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::MainWindow</name>
    <message>
        <source>Gatehouse</source>
        <translation>Gatehouse</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>Arbeitsbereich</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;Ausschneiden</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>E&amp;infügen</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>Alles &amp;auswählen</translation>
    </message>
    <message>
        <source>&amp;Go to Line…</source>
        <translation>&amp;Gehe zu Zeile…</translation>
    </message>
    <message>
        <source>Pr&amp;eferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Gatehouse</source>
        <translation>Ü&amp;ber Gatehouse</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Go to Line</source>
        <translation>Gehe zu Zeile</translation>
    </message>
    <message>
        <source>Line[:column] (1 – %1):</source>
        <translation>Zeile[:Spalte] (1 – %1):</translation>
    </message>
    <message>
        <source>Not a line number: %1</source>
        <translation>Keine Zeilennummer: %1</translation>
    </message>
    <message>
        <source>Line %1, Column %2</source>
        <translation>Zeile %1, Spalte %2</translation>
    </message>
    <message>
        <source>Open &amp;Workspace…</source>
        <translation>&amp;Arbeitsbereich öffnen…</translation>
    </message>
    <message>
        <source>Open Workspace</source>
        <translation>Arbeitsbereich öffnen</translation>
    </message>
    <message>
        <source>&amp;Open File…</source>
        <translation>Datei ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open File</source>
        <translation>Datei öffnen</translation>
    </message>
    <message>
        <source>YAML files (*.yaml *.yml);;All files (*)</source>
        <translation>YAML-Dateien (*.yaml *.yml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>&amp;Recent Workspaces</source>
        <translation>&amp;Zuletzt geöffnete Arbeitsbereiche</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Save A&amp;ll</source>
        <translation>A&amp;lle speichern</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message>
        <source>&amp;Close Tab</source>
        <translation>Tab s&amp;chließen</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Werkzeuge</translation>
    </message>
    <message>
        <source>&amp;Inspect Certificate…</source>
        <translation>Zertifikat &amp;prüfen…</translation>
    </message>
    <message>
        <source>&amp;New Certificate…</source>
        <translation>&amp;Neues Zertifikat…</translation>
    </message>
    <message>
        <source>&amp;Scan TLS Endpoint…</source>
        <translation>TLS-Endpunkt &amp;scannen…</translation>
    </message>
    <message>
        <source>generated</source>
        <translation>erzeugt</translation>
    </message>
    <message>
        <source>Certificate Inspector – %1</source>
        <translation>Zertifikatsprüfer – %1</translation>
    </message>
    <message>
        <source>TLS Scan</source>
        <translation>TLS-Scan</translation>
    </message>
    <message>
        <source>Cannot open workspace</source>
        <translation>Arbeitsbereich kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>%1 cannot be opened as a workspace: %2</source>
        <translation>%1 kann nicht als Arbeitsbereich geöffnet werden: %2</translation>
    </message>
    <message>
        <source>%1 – Gatehouse</source>
        <translation>%1 – Gatehouse</translation>
    </message>
    <message numerus="yes">
        <source>Opened %n file(s).</source>
        <translation>
            <numerusform>%n Datei geöffnet.</numerusform>
            <numerusform>%n Dateien geöffnet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot open file</source>
        <translation>Datei kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>%1 cannot be opened: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Save failed</source>
        <translation>Speichern fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 was not saved: %2</source>
        <translation>%1 wurde nicht gespeichert: %2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>Discard your changes to %1 and load it from disk again?</source>
        <translation>Ihre Änderungen an %1 verwerfen und die Datei neu von der Festplatte laden?</translation>
    </message>
    <message>
        <source>Revert failed</source>
        <translation>Verwerfen fehlgeschlagen</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>These files have unsaved changes:
%1

Save them?</source>
        <translation>Diese Dateien haben ungespeicherte Änderungen:
%1

Speichern?</translation>
    </message>
    <message>
        <source>%1 was changed on disk, and you have unsaved changes. Reload it and lose your changes?</source>
        <translation>%1 wurde auf der Festplatte geändert, und Sie haben ungespeicherte Änderungen. Neu laden und Ihre Änderungen verlieren?</translation>
    </message>
    <message>
        <source>%1 was changed on disk. Reload it?</source>
        <translation>%1 wurde auf der Festplatte geändert. Neu laden?</translation>
    </message>
    <message>
        <source>File changed on disk</source>
        <translation>Datei auf der Festplatte geändert</translation>
    </message>
    <message>
        <source>No recent workspaces</source>
        <translation>Keine zuletzt geöffneten Arbeitsbereiche</translation>
    </message>
    <message>
        <source>&amp;Clear List</source>
        <translation>Liste &amp;leeren</translation>
    </message>
    <message>
        <source>Local Gateway</source>
        <translation>Lokales Gateway</translation>
    </message>
    <message>
        <source>&amp;Gateway</source>
        <translation>&amp;Gateway</translation>
    </message>
    <message>
        <source>&amp;Start Local Gateway</source>
        <translation>Lokales Gateway &amp;starten</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>S&amp;toppen</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>&amp;Neu laden</translation>
    </message>
    <message>
        <source>Open in &amp;Browser</source>
        <translation>Im &amp;Browser öffnen</translation>
    </message>
    <message>
        <source>S&amp;can This Gateway</source>
        <translation>Dieses Gateway s&amp;cannen</translation>
    </message>
    <message>
        <source>Serving the workspace.</source>
        <translation>Der Arbeitsbereich wird bedient.</translation>
    </message>
    <message>
        <source>The local gateway did not start: %1</source>
        <translation>Das lokale Gateway ist nicht gestartet: %1</translation>
    </message>
    <message>
        <source>Reloaded (configuration %1).</source>
        <translation>Neu geladen (Konfiguration %1).</translation>
    </message>
    <message>
        <source>Reload failed, the previous configuration keeps serving: %1</source>
        <translation>Neu laden fehlgeschlagen, die vorige Konfiguration bleibt aktiv: %1</translation>
    </message>
    <message>
        <source>Cannot open the demo</source>
        <translation>Die Demo kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>The demo workspace could not be written to %1: %2</source>
        <translation>Der Demo-Arbeitsbereich konnte nicht nach %1 geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Open a workspace first.</source>
        <translation>Öffnen Sie zuerst einen Arbeitsbereich.</translation>
    </message>
    <message numerus="yes">
        <source>The workspace has %n error(s); fix them (see Problems) to serve it.</source>
        <translation>
            <numerusform>Der Arbeitsbereich hat %n Fehler; beheben Sie ihn (siehe Probleme), um ihn zu bedienen.</numerusform>
            <numerusform>Der Arbeitsbereich hat %n Fehler; beheben Sie sie (siehe Probleme), um ihn zu bedienen.</numerusform>
        </translation>
    </message>
    <message>
        <source>The workspace cannot be served: %1</source>
        <translation>Der Arbeitsbereich kann nicht bedient werden: %1</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>%1 / %2 (%3)</source>
        <translation>%1 / %2 (%3)</translation>
    </message>
    <message>
        <source>%1 %2 (%3)</source>
        <translation>%1 %2 (%3)</translation>
    </message>
    <message>
        <source>The workspace has no TLS override or Secret to put the certificate in.</source>
        <translation>Der Arbeitsbereich enthält kein TLS-Override und kein Secret, in das das Zertifikat passt.</translation>
    </message>
    <message>
        <source>Use in Workspace</source>
        <translation>Im Arbeitsbereich verwenden</translation>
    </message>
    <message>
        <source>Put the certificate and its key into:</source>
        <translation>Zertifikat und Schlüssel ablegen in:</translation>
    </message>
    <message>
        <source>The certificate is in %1; save to keep it.</source>
        <translation>Das Zertifikat steht jetzt in %1; speichern Sie, um es zu behalten.</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::Navigator</name>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n Fehler</numerusform>
            <numerusform>%n Fehler</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n Warnung</numerusform>
            <numerusform>%n Warnungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>Arbeitsbereich</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::NewCertificateDialog</name>
    <message>
        <source>Choose the CA that signs the certificate.</source>
        <translation>Wählen Sie die CA, die das Zertifikat signiert.</translation>
    </message>
    <message>
        <source>C&amp;hoose CA…</source>
        <translation>CA &amp;wählen…</translation>
    </message>
    <message>
        <source>C&amp;reate</source>
        <translation>E&amp;rstellen</translation>
    </message>
    <message>
        <source>Save &amp;Certificate…</source>
        <translation>&amp;Zertifikat speichern…</translation>
    </message>
    <message>
        <source>Save &amp;Key…</source>
        <translation>&amp;Schlüssel speichern…</translation>
    </message>
    <message>
        <source>&amp;Inspect</source>
        <translation>&amp;Prüfen</translation>
    </message>
    <message>
        <source>&amp;Use in Workspace…</source>
        <translation>Im Arbeitsbereich &amp;verwenden…</translation>
    </message>
    <message>
        <source>New Certificate</source>
        <translation>Neues Zertifikat</translation>
    </message>
    <message>
        <source>Certificate authority (self-signed CA)</source>
        <translation>Zertifizierungsstelle (selbstsignierte CA)</translation>
    </message>
    <message>
        <source>Server certificate signed by a CA</source>
        <translation>Von einer CA signiertes Serverzertifikat</translation>
    </message>
    <message>
        <source>Self-signed server certificate</source>
        <translation>Selbstsigniertes Serverzertifikat</translation>
    </message>
    <message>
        <source>Certificate signing request (CSR)</source>
        <translation>Zertifikatsanforderung (CSR)</translation>
    </message>
    <message>
        <source>ECDSA P-256</source>
        <translation>ECDSA P-256</translation>
    </message>
    <message>
        <source>ECDSA P-384</source>
        <translation>ECDSA P-384</translation>
    </message>
    <message>
        <source>RSA 2048 bits</source>
        <translation>RSA 2048 Bit</translation>
    </message>
    <message>
        <source>RSA 3072 bits</source>
        <translation>RSA 3072 Bit</translation>
    </message>
    <message>
        <source>RSA 4096 bits</source>
        <translation>RSA 4096 Bit</translation>
    </message>
    <message>
        <source>Ed25519</source>
        <translation>Ed25519</translation>
    </message>
    <message>
        <source>Subject alternative names</source>
        <translation>Alternative Inhabernamen</translation>
    </message>
    <message>
        <source>DNS name or IP address, then Enter</source>
        <translation>DNS-Name oder IP-Adresse, dann Eingabetaste</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>&amp;Make:</source>
        <translation>&amp;Erstellen:</translation>
    </message>
    <message>
        <source>Key &amp;type:</source>
        <translation>Schlüssel&amp;typ:</translation>
    </message>
    <message>
        <source>Common &amp;name (CN):</source>
        <translation>Allgemeiner &amp;Name (CN):</translation>
    </message>
    <message>
        <source>&amp;Organisation (O):</source>
        <translation>&amp;Organisation (O):</translation>
    </message>
    <message>
        <source>Organisational u&amp;nit (OU):</source>
        <translation>Organisations&amp;einheit (OU):</translation>
    </message>
    <message>
        <source>Countr&amp;y (C):</source>
        <translation>&amp;Land (C):</translation>
    </message>
    <message>
        <source>&amp;Subject alternative names:</source>
        <translation>&amp;Alternative Inhabernamen:</translation>
    </message>
    <message>
        <source>&amp;Valid for:</source>
        <translation>&amp;Gültig für:</translation>
    </message>
    <message>
        <source>Signed by:</source>
        <translation>Signiert von:</translation>
    </message>
    <message>
        <source>(a CSR is signed elsewhere)</source>
        <translation>(eine CSR wird anderswo signiert)</translation>
    </message>
    <message>
        <source>itself</source>
        <translation>sich selbst</translation>
    </message>
    <message>
        <source>no CA chosen</source>
        <translation>keine CA gewählt</translation>
    </message>
    <message>
        <source>Save &amp;CSR…</source>
        <translation>&amp;CSR speichern…</translation>
    </message>
    <message>
        <source>Give the certificate a common name or at least one subject alternative name.</source>
        <translation>Geben Sie dem Zertifikat einen allgemeinen Namen oder mindestens einen alternativen Inhabernamen.</translation>
    </message>
    <message>
        <source>Creating…</source>
        <translation>Wird erstellt…</translation>
    </message>
    <message>
        <source>Could not create it: %1</source>
        <translation>Konnte nicht erstellt werden: %1</translation>
    </message>
    <message>
        <source>Created a signing request and its %1 key. Save both.</source>
        <translation>Zertifikatsanforderung und ihr %1-Schlüssel erstellt. Speichern Sie beide.</translation>
    </message>
    <message>
        <source>Created “%1” (%2), valid until %3.</source>
        <translation>„%1“ (%2) erstellt, gültig bis %3.</translation>
    </message>
    <message>
        <source>CA Certificate</source>
        <translation>CA-Zertifikat</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer *.der);;All files (*)</source>
        <translation>Zertifikate (*.pem *.crt *.cer *.der);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>CA Private Key</source>
        <translation>Privater Schlüssel der CA</translation>
    </message>
    <message>
        <source>Private keys (*.pem *.key);;All files (*)</source>
        <translation>Private Schlüssel (*.pem *.key);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Cannot use this CA</source>
        <translation>Diese CA kann nicht verwendet werden</translation>
    </message>
    <message>
        <source>The key does not belong to the certificate.</source>
        <translation>Der Schlüssel gehört nicht zum Zertifikat.</translation>
    </message>
    <message>
        <source>Save Signing Request</source>
        <translation>Zertifikatsanforderung speichern</translation>
    </message>
    <message>
        <source>Save Certificate</source>
        <translation>Zertifikat speichern</translation>
    </message>
    <message>
        <source>CSR (*.csr *.pem)</source>
        <translation>CSR (*.csr *.pem)</translation>
    </message>
    <message>
        <source>PEM certificate (*.pem *.crt)</source>
        <translation>PEM-Zertifikat (*.pem *.crt)</translation>
    </message>
    <message>
        <source>Save failed</source>
        <translation>Speichern fehlgeschlagen</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Save Private Key</source>
        <translation>Privaten Schlüssel speichern</translation>
    </message>
    <message>
        <source>PEM private key (*.key *.pem)</source>
        <translation>Privater PEM-Schlüssel (*.key *.pem)</translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::PreferencesDialog</name>
    <message>
        <source>&amp;Reload the local gateway after saving a valid workspace</source>
        <translation>Lokales Gateway nach dem Speichern eines gültigen Arbeitsbereichs &amp;neu laden</translation>
    </message>
    <message>
        <source>&amp;Open the last workspace at start</source>
        <translation>Beim Start den letzten Arbeitsbereich ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Editor &amp;font:</source>
        <translation>Editor-&amp;Schrift:</translation>
    </message>
    <message>
        <source>&amp;Validate after a pause of:</source>
        <translation>&amp;Prüfen nach einer Pause von:</translation>
    </message>
    <message>
        <source>Gateway port = local port, comma-separated. Ports below 1024 must be mapped; others listen on their own number.</source>
        <translation>Gateway-Port = lokaler Port, durch Kommas getrennt. Ports unter 1024 müssen zugeordnet werden; andere lauschen auf ihrer eigenen Nummer.</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>Statistics and readiness on 127.0.0.1 (0: off).</source>
        <translation>Statistik und Bereitschaft auf 127.0.0.1 (0: aus).</translation>
    </message>
    <message>
        <source>Local gateway &amp;port map:</source>
        <translation>&amp;Port-Zuordnung des lokalen Gateways:</translation>
    </message>
    <message>
        <source>Local gateway &amp;admin port:</source>
        <translation>&amp;Admin-Port des lokalen Gateways:</translation>
    </message>
    <message>
        <source>Not a port map: %1</source>
        <translation>Keine Port-Zuordnung: %1</translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::ProblemsPanel</name>
    <message>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Ort</translation>
    </message>
    <message>
        <source>No problems.</source>
        <translation>Keine Probleme.</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n Fehler</numerusform>
            <numerusform>%n Fehler</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n Warnung</numerusform>
            <numerusform>%n Warnungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note(s)</source>
        <translation>
            <numerusform>%n Hinweis</numerusform>
            <numerusform>%n Hinweise</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::ResourceForm</name>
    <message>
        <source>The change was not applied: %1</source>
        <translation>Die Änderung wurde nicht übernommen: %1</translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::ScanView</name>
    <message>
        <source>&amp;Scan</source>
        <translation>&amp;Scannen</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Abbrechen</translation>
    </message>
    <message>
        <source>&amp;Export JSON…</source>
        <translation>JSON &amp;exportieren…</translation>
    </message>
    <message>
        <source>Show every cipher &amp;probed</source>
        <translation>Jede geprüfte &amp;Cipher zeigen</translation>
    </message>
    <message>
        <source>&amp;Inspect Chain</source>
        <translation>Kette &amp;prüfen</translation>
    </message>
    <message>
        <source>same as the host</source>
        <translation>wie der Host</translation>
    </message>
    <message>
        <source>Protocols and ciphers</source>
        <translation>Protokolle und Ciphers</translation>
    </message>
    <message>
        <source>Deviations from the policy</source>
        <translation>Abweichungen von der Richtlinie</translation>
    </message>
    <message>
        <source>Presented chain</source>
        <translation>Vorgelegte Kette</translation>
    </message>
    <message>
        <source>&amp;Endpoint:</source>
        <translation>&amp;Endpunkt:</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>P&amp;ort:</translation>
    </message>
    <message>
        <source>S&amp;NI:</source>
        <translation>S&amp;NI:</translation>
    </message>
    <message>
        <source>Po&amp;licy:</source>
        <translation>&amp;Richtlinie:</translation>
    </message>
    <message>
        <source>Groups, ALPN, HTTP</source>
        <translation>Gruppen, ALPN, HTTP</translation>
    </message>
    <message>
        <source>Enter an endpoint and press Scan.</source>
        <translation>Geben Sie einen Endpunkt ein und drücken Sie „Scannen“.</translation>
    </message>
    <message>
        <source>(no policy)</source>
        <translation>(keine Richtlinie)</translation>
    </message>
    <message>
        <source>Enter the host name or address to scan.</source>
        <translation>Geben Sie den Hostnamen oder die Adresse ein, die gescannt werden soll.</translation>
    </message>
    <message>
        <source>Scanning %1:%2…</source>
        <translation>%1:%2 wird gescannt…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>Scan cancelled.</source>
        <translation>Scan abgebrochen.</translation>
    </message>
    <message>
        <source>The scan failed: %1</source>
        <translation>Der Scan ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Scanned %1:%2 (%3) in %4 ms with %5 handshakes.</source>
        <translation>%1:%2 (%3) in %4 ms mit %5 Handshakes gescannt.</translation>
    </message>
    <message>
        <source>It matches the policy.</source>
        <translation>Er entspricht der Richtlinie.</translation>
    </message>
    <message numerus="yes">
        <source>%n deviation(s) from the policy.</source>
        <translation>
            <numerusform>%n Abweichung von der Richtlinie.</numerusform>
            <numerusform>%n Abweichungen von der Richtlinie.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n probe(s) failed; results may be incomplete.</source>
        <translation>
            <numerusform>%n Probe fehlgeschlagen; die Ergebnisse sind womöglich unvollständig.</numerusform>
            <numerusform>%n Proben fehlgeschlagen; die Ergebnisse sind womöglich unvollständig.</numerusform>
        </translation>
    </message>
    <message>
        <source>Groups: %1</source>
        <translation>Gruppen: %1</translation>
    </message>
    <message>
        <source>none found</source>
        <translation>keine gefunden</translation>
    </message>
    <message>
        <source>ALPN: %1</source>
        <translation>ALPN: %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>OCSP stapling: %1</source>
        <translation>OCSP-Stapling: %1</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Resumption: tickets %1, session IDs %2</source>
        <translation>Wiederaufnahme: Tickets %1, Sitzungs-IDs %2</translation>
    </message>
    <message>
        <source>HTTP status over TLS: %1</source>
        <translation>HTTP-Status über TLS: %1</translation>
    </message>
    <message>
        <source>HSTS: %1</source>
        <translation>HSTS: %1</translation>
    </message>
    <message>
        <source>absent</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <source>Plain HTTP on %1: %2%3</source>
        <translation>Unverschlüsseltes HTTP auf %1: %2%3</translation>
    </message>
    <message>
        <source>, redirects to HTTPS</source>
        <translation>, leitet auf HTTPS um</translation>
    </message>
    <message>
        <source>Issuer: %1</source>
        <translation>Aussteller: %1</translation>
    </message>
    <message>
        <source>Choose a policy to compare the endpoint with.</source>
        <translation>Wählen Sie eine Richtlinie, mit der der Endpunkt verglichen wird.</translation>
    </message>
    <message>
        <source>No deviations.</source>
        <translation>Keine Abweichungen.</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>angenommen</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Angenommen</translation>
    </message>
    <message>
        <source>Accepted, but the policy does not allow it</source>
        <translation>Angenommen, aber die Richtlinie erlaubt es nicht</translation>
    </message>
    <message>
        <source>Refused, although the policy allows it</source>
        <translation>Abgelehnt, obwohl die Richtlinie es erlaubt</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Export Scan</source>
        <translation>Scan exportieren</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::ServiceEntryForm</name>
    <message>
        <source>comma-separated IPs or CIDRs</source>
        <translation>durch Kommas getrennte IPs oder CIDRs</translation>
    </message>
    <message>
        <source>comma-separated: &quot;.&quot;, &quot;*&quot; or namespaces</source>
        <translation>durch Kommas getrennt: „.“, „*“ oder Namespaces</translation>
    </message>
    <message>
        <source>(default: MESH_EXTERNAL)</source>
        <translation>(Standard: MESH_EXTERNAL)</translation>
    </message>
    <message>
        <source>(default: NONE)</source>
        <translation>(Standard: NONE)</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Target port</source>
        <translation>Zielport</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>&amp;Hosts:</source>
        <translation>&amp;Hosts:</translation>
    </message>
    <message>
        <source>&amp;Addresses:</source>
        <translation>&amp;Adressen:</translation>
    </message>
    <message>
        <source>&amp;Location:</source>
        <translation>&amp;Ort:</translation>
    </message>
    <message>
        <source>&amp;Resolution:</source>
        <translation>&amp;Auflösung:</translation>
    </message>
    <message>
        <source>&amp;Ports:</source>
        <translation>&amp;Ports:</translation>
    </message>
    <message>
        <source>&amp;Endpoints:</source>
        <translation>&amp;Endpunkte:</translation>
    </message>
    <message>
        <source>E&amp;xport to:</source>
        <translation>E&amp;xportieren nach:</translation>
    </message>
    <message>
        <source>This document is no longer a ServiceEntry.</source>
        <translation>Dieses Dokument ist kein ServiceEntry mehr.</translation>
    </message>
    <message>
        <source>host name, Enter adds it</source>
        <translation>Hostname, die Eingabetaste fügt ihn hinzu</translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation>Hosts</translation>
    </message>
    <message>
        <source>Add P&amp;ort</source>
        <translation>Port hin&amp;zufügen</translation>
    </message>
    <message>
        <source>Remo&amp;ve Port</source>
        <translation>Port entfe&amp;rnen</translation>
    </message>
    <message>
        <source>Add E&amp;ndpoint</source>
        <translation>E&amp;ndpunkt hinzufügen</translation>
    </message>
    <message>
        <source>Remove Endpoin&amp;t</source>
        <translation>Endpunk&amp;t entfernen</translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::TlsMaterialForm</name>
    <message>
        <source>&amp;Inspect…</source>
        <translation>&amp;Prüfen…</translation>
    </message>
    <message>
        <source>Gateway hosts</source>
        <translation>Gateway-Hosts</translation>
    </message>
    <message>
        <source>Load &amp;Certificate…</source>
        <translation>&amp;Zertifikat laden…</translation>
    </message>
    <message>
        <source>Load &amp;Key…</source>
        <translation>&amp;Schlüssel laden…</translation>
    </message>
    <message>
        <source>&amp;Generate Demo Certificate</source>
        <translation>Demo-Zertifikat &amp;erzeugen</translation>
    </message>
    <message>
        <source>Gateway hosts this certificate must cover:</source>
        <translation>Gateway-Hosts, die dieses Zertifikat abdecken muss:</translation>
    </message>
    <message>
        <source>TLS override %1</source>
        <translation>TLS-Override %1</translation>
    </message>
    <message>
        <source>This document no longer holds TLS material.</source>
        <translation>Dieses Dokument enthält kein TLS-Material mehr.</translation>
    </message>
    <message>
        <source>The certificate cannot be read: %1</source>
        <translation>Das Zertifikat kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>No certificate yet.</source>
        <translation>Noch kein Zertifikat.</translation>
    </message>
    <message>
        <source>The private key cannot be read: %1</source>
        <translation>Der private Schlüssel kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>No private key yet.</source>
        <translation>Noch kein privater Schlüssel.</translation>
    </message>
    <message>
        <source>Subject: %1</source>
        <translation>Inhaber: %1</translation>
    </message>
    <message>
        <source>Alternative names: %1</source>
        <translation>Alternative Namen: %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Key: %1</source>
        <translation>Schlüssel: %1</translation>
    </message>
    <message>
        <source>The private key matches the certificate.</source>
        <translation>Der private Schlüssel passt zum Zertifikat.</translation>
    </message>
    <message>
        <source>The private key does NOT match the certificate.</source>
        <translation>Der private Schlüssel passt NICHT zum Zertifikat.</translation>
    </message>
    <message>
        <source>%1 – covered</source>
        <translation>%1 – abgedeckt</translation>
    </message>
    <message>
        <source>%1 – NOT covered</source>
        <translation>%1 – NICHT abgedeckt</translation>
    </message>
    <message>
        <source>The certificate or key cannot be written as PEM.</source>
        <translation>Zertifikat oder Schlüssel können nicht als PEM geschrieben werden.</translation>
    </message>
    <message>
        <source>Load Certificate</source>
        <translation>Zertifikat laden</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer *.der);;All files (*)</source>
        <translation>Zertifikate (*.pem *.crt *.cer *.der);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Load Private Key</source>
        <translation>Privaten Schlüssel laden</translation>
    </message>
    <message>
        <source>Private keys (*.pem *.key);;All files (*)</source>
        <translation>Private Schlüssel (*.pem *.key);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::ValidityTimeline</name>
    <message>
        <source>Validity</source>
        <translation>Gültigkeit</translation>
    </message>
    <message>
        <source>No certificate</source>
        <translation>Kein Zertifikat</translation>
    </message>
    <message numerus="yes">
        <source>Not valid for another %n day(s)</source>
        <translation>
            <numerusform>Erst in %n Tag gültig</numerusform>
            <numerusform>Erst in %n Tagen gültig</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Expired %n day(s) ago</source>
        <translation>
            <numerusform>Seit %n Tag abgelaufen</numerusform>
            <numerusform>Seit %n Tagen abgelaufen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Valid for %n more day(s)</source>
        <translation>
            <numerusform>Noch %n Tag gültig</numerusform>
            <numerusform>Noch %n Tage gültig</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::ApplyDialog</name>
    <message>
        <source>Apply &amp;despite validation errors</source>
        <translation>Trotz Prüf&amp;fehlern anwenden</translation>
    </message>
    <message>
        <source>&amp;Force: take over the fields other managers own</source>
        <translation>&amp;Erzwingen: Felder anderer Manager übernehmen</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Anwenden</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>Abb&amp;rechen</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>&amp;Schließen</translation>
    </message>
    <message>
        <source>Apply to Cluster</source>
        <translation>Auf den Cluster anwenden</translation>
    </message>
    <message>
        <source>Apply %1 to context &lt;b&gt;%2&lt;/b&gt; (server-side apply, field manager &quot;gatehouse&quot;).</source>
        <translation>%1 auf den Kontext &lt;b&gt;%2&lt;/b&gt; anwenden (Server-Side Apply, Feldmanager „gatehouse“).</translation>
    </message>
    <message>
        <source>Validation findings</source>
        <translation>Prüfergebnisse</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Wo</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Server-side apply with force=true: the fields listed as managed by someone else become Gatehouse&apos;s.</source>
        <translation>Server-Side Apply mit force=true: Die Felder, die ein anderer Manager verwaltet, gehen an Gatehouse über.</translation>
    </message>
    <message>
        <source>Validating…</source>
        <translation>Prüfe…</translation>
    </message>
    <message>
        <source>Cannot read the files: %1</source>
        <translation>Die Dateien können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>There are no Kubernetes objects to apply.</source>
        <translation>Es gibt keine Kubernetes-Objekte zum Anwenden.</translation>
    </message>
    <message>
        <source>No cluster context is open.</source>
        <translation>Kein Cluster-Kontext ist geöffnet.</translation>
    </message>
    <message>
        <source>Dry run on the server…</source>
        <translation>Probelauf auf dem Server…</translation>
    </message>
    <message>
        <source>The dry run failed: %1</source>
        <translation>Der Probelauf ist fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <source>Dry run: %n resource(s) would change</source>
        <translation>
            <numerusform>Probelauf: %n Ressource würde sich ändern</numerusform>
            <numerusform>Probelauf: %n Ressourcen würden sich ändern</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n failed (see their messages)</source>
        <translation>
            <numerusform>; %n fehlgeschlagen (siehe Meldung)</numerusform>
            <numerusform>; %n fehlgeschlagen (siehe Meldungen)</numerusform>
        </translation>
    </message>
    <message>
        <source>; fields are managed by someone else: check Force to take them over</source>
        <translation>; Felder werden von jemand anderem verwaltet: „Erzwingen“ wählen, um sie zu übernehmen</translation>
    </message>
    <message numerus="yes">
        <source>; validation found %n error(s): they block the apply</source>
        <translation>
            <numerusform>; die Prüfung hat %n Fehler gefunden: er verhindert das Anwenden</numerusform>
            <numerusform>; die Prüfung hat %n Fehler gefunden: sie verhindern das Anwenden</numerusform>
        </translation>
    </message>
    <message>
        <source>Applying…</source>
        <translation>Wende an…</translation>
    </message>
    <message>
        <source>Apply failed: %1</source>
        <translation>Anwenden fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>%1 created, %2 configured, %3 unchanged, %4 failed</source>
        <translation>%1 erstellt, %2 geändert, %3 unverändert, %4 fehlgeschlagen</translation>
    </message>
    <message numerus="yes">
        <source>, %n skipped</source>
        <translation>
            <numerusform>, %n übersprungen</numerusform>
            <numerusform>, %n übersprungen</numerusform>
        </translation>
    </message>
    <message>
        <source> (cancelled)</source>
        <translation> (abgebrochen)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Cancelling: requests already sent finish and are reported…</source>
        <translation>Breche ab: Bereits gesendete Anfragen laufen zu Ende und werden gemeldet…</translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::ClusterController</name>
    <message>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>Cluster context</source>
        <translation>Cluster-Kontext</translation>
    </message>
    <message>
        <source>&amp;Open Context…</source>
        <translation>Kontext ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Pull into Workspace</source>
        <translation>In den Arbeitsbereich &amp;holen</translation>
    </message>
    <message>
        <source>&amp;Edit a Copy in the Workspace</source>
        <translation>Eine &amp;Kopie im Arbeitsbereich bearbeiten</translation>
    </message>
    <message>
        <source>Show Secret &amp;Values</source>
        <translation>Secret-&amp;Werte anzeigen</translation>
    </message>
    <message>
        <source>Show the live Secret with its data (hidden otherwise)</source>
        <translation>Das Live-Secret mit seinen Daten anzeigen (sonst verborgen)</translation>
    </message>
    <message>
        <source>Show Live &amp;YAML</source>
        <translation>Live-&amp;YAML anzeigen</translation>
    </message>
    <message>
        <source>&amp;Diff Against Cluster</source>
        <translation>&amp;Diff gegen den Cluster</translation>
    </message>
    <message>
        <source>&amp;Apply…</source>
        <translation>An&amp;wenden…</translation>
    </message>
    <message>
        <source>De&amp;lete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>&amp;Serve Locally</source>
        <translation>Lokal &amp;bereitstellen</translation>
    </message>
    <message>
        <source>Pull the Gateways and VirtualServices of the selected namespaces (or of all) and their TLS material into a workspace and start the local gateway on it</source>
        <translation>Die Gateways und VirtualServices der gewählten Namespaces (oder aller) und ihr TLS-Material in einen Arbeitsbereich holen und das lokale Gateway damit starten</translation>
    </message>
    <message>
        <source>&amp;Cluster</source>
        <translation>&amp;Cluster</translation>
    </message>
    <message>
        <source>No cluster</source>
        <translation>Kein Cluster</translation>
    </message>
    <message>
        <source>Cluster ▸ Open Context… connects to a cluster</source>
        <translation>Cluster ▸ Kontext öffnen… verbindet mit einem Cluster</translation>
    </message>
    <message>
        <source>Cluster: %1</source>
        <translation>Cluster: %1</translation>
    </message>
    <message>
        <source>Cluster: %1 (%2)</source>
        <translation>Cluster: %1 (%2)</translation>
    </message>
    <message>
        <source>Server %1, user %2, namespace %3</source>
        <translation>Server %1, Benutzer %2, Namespace %3</translation>
    </message>
    <message>
        <source>⚠ %1</source>
        <translation>⚠ %1</translation>
    </message>
    <message>
        <source>TLS verification is off for this context (insecure-skip-tls-verify).</source>
        <translation>Die TLS-Prüfung ist für diesen Kontext abgeschaltet (insecure-skip-tls-verify).</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbinde mit %1…</translation>
    </message>
    <message>
        <source>the current context</source>
        <translation>dem aktuellen Kontext</translation>
    </message>
    <message>
        <source>Cannot open the context: %1</source>
        <translation>Der Kontext kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Lade…</translation>
    </message>
    <message>
        <source>Diff Against Cluster %1</source>
        <translation>Diff gegen den Cluster %1</translation>
    </message>
    <message>
        <source>Dry run on the server…</source>
        <translation>Probelauf auf dem Server…</translation>
    </message>
    <message>
        <source>The dry run failed: %1</source>
        <translation>Der Probelauf ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>The cluster matches the workspace.</source>
        <translation>Der Cluster stimmt mit dem Arbeitsbereich überein.</translation>
    </message>
    <message numerus="yes">
        <source>%n resource(s) differ from the cluster.</source>
        <translation>
            <numerusform>%n Ressource weicht vom Cluster ab.</numerusform>
            <numerusform>%n Ressourcen weichen vom Cluster ab.</numerusform>
        </translation>
    </message>
    <message>
        <source>Pull into Folder</source>
        <translation>In einen Ordner holen</translation>
    </message>
    <message>
        <source>Pull failed</source>
        <translation>Holen fehlgeschlagen</translation>
    </message>
    <message numerus="yes">
        <source>Pulled %n file(s) into the workspace.</source>
        <translation>
            <numerusform>%n Datei in den Arbeitsbereich geholt.</numerusform>
            <numerusform>%n Dateien in den Arbeitsbereich geholt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete from Cluster</source>
        <translation>Aus dem Cluster löschen</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n object(s) from context %1? This cannot be undone.</source>
        <translation>
            <numerusform>%n Objekt aus dem Kontext %1 löschen? Das lässt sich nicht rückgängig machen.</numerusform>
            <numerusform>%n Objekte aus dem Kontext %1 löschen? Das lässt sich nicht rückgängig machen.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n object(s).</source>
        <translation>
            <numerusform>%n Objekt gelöscht.</numerusform>
            <numerusform>%n Objekte gelöscht.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete failed</source>
        <translation>Löschen fehlgeschlagen</translation>
    </message>
    <message>
        <source>Pulling the context&apos;s Gateways…</source>
        <translation>Hole die Gateways des Kontexts…</translation>
    </message>
    <message>
        <source>Serve Locally</source>
        <translation>Lokal bereitstellen</translation>
    </message>
    <message>
        <source>Cannot read the context&apos;s Gateways: %1</source>
        <translation>Die Gateways des Kontexts können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The context has no Gateways to serve.</source>
        <translation>Der Kontext hat keine Gateways zum Bereitstellen.</translation>
    </message>
    <message>
        <source>Live %1 (read-only)</source>
        <translation>Live: %1 (schreibgeschützt)</translation>
    </message>
    <message>
        <source># Loading %1…</source>
        <translation># Lade %1…</translation>
    </message>
    <message>
        <source>%1 (live)</source>
        <translation>%1 (live)</translation>
    </message>
    <message>
        <source>%1 in context %2, read-only</source>
        <translation>%1 im Kontext %2, schreibgeschützt</translation>
    </message>
    <message>
        <source># %1</source>
        <translation># %1</translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::ClusterNavigator</name>
    <message>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>No cluster context is open (Cluster ▸ Open Context…).</source>
        <translation>Kein Cluster-Kontext ist geöffnet (Cluster ▸ Kontext öffnen…).</translation>
    </message>
    <message>
        <source>Context %1, Kubernetes %2</source>
        <translation>Kontext %1, Kubernetes %2</translation>
    </message>
    <message>
        <source>(cluster-scoped)</source>
        <translation>(clusterweit)</translation>
    </message>
    <message>
        <source>%1 (live, read-only)</source>
        <translation>%1 (live, schreibgeschützt)</translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::OpenContextDialog</name>
    <message>
        <source>Open Cluster Context</source>
        <translation>Cluster-Kontext öffnen</translation>
    </message>
    <message>
        <source>Default: KUBECONFIG or ~/.kube/config</source>
        <translation>Standard: KUBECONFIG oder ~/.kube/config</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Choose a kubeconfig</source>
        <translation>Eine kubeconfig wählen</translation>
    </message>
    <message>
        <source>Contexts</source>
        <translation>Kontexte</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Kontext</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>&amp;Kubeconfig:</source>
        <translation>&amp;Kubeconfig:</translation>
    </message>
    <message>
        <source>&amp;Contexts (* marks the current one):</source>
        <translation>K&amp;ontexte (* markiert den aktuellen):</translation>
    </message>
    <message>
        <source>Cannot read the kubeconfig: %1</source>
        <translation>Die kubeconfig kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Read from %1</source>
        <translation>Gelesen aus %1</translation>
    </message>
    <message>
        <source>%1 *</source>
        <translation>%1 *</translation>
    </message>
    <message>
        <source>The kubeconfig&apos;s current context</source>
        <translation>Der aktuelle Kontext der kubeconfig</translation>
    </message>
    <message>
        <source>The kubeconfig has no contexts.</source>
        <translation>Die kubeconfig hat keine Kontexte.</translation>
    </message>
    <message>
        <source>Warning: this context skips TLS verification (insecure-skip-tls-verify): the server&apos;s identity is not checked.</source>
        <translation>Warnung: Dieser Kontext überspringt die TLS-Prüfung (insecure-skip-tls-verify): Die Identität des Servers wird nicht geprüft.</translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::PlanView</name>
    <message>
        <source>Resources</source>
        <translation>Ressourcen</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>would be created</source>
        <translation>würde erstellt</translation>
    </message>
    <message>
        <source>created</source>
        <translation>erstellt</translation>
    </message>
    <message>
        <source>would be configured</source>
        <translation>würde geändert</translation>
    </message>
    <message>
        <source>configured</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>unverändert</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>übersprungen</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>field %1 is managed by &quot;%2&quot;</source>
        <translation>Feld %1 wird von „%2“ verwaltet</translation>
    </message>
    <message>
        <source>No changes.</source>
        <translation>Keine Änderungen.</translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::SideBySideDiff</name>
    <message>
        <source>Live (cluster)</source>
        <translation>Live (Cluster)</translation>
    </message>
    <message>
        <source>Local (after apply)</source>
        <translation>Lokal (nach dem Anwenden)</translation>
    </message>
    <message>
        <source>Live object</source>
        <translation>Live-Objekt</translation>
    </message>
    <message>
        <source>Local object after apply</source>
        <translation>Lokales Objekt nach dem Anwenden</translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::RowActions</name>
    <message>
        <source>Adds a row (Insert in the list)</source>
        <translation>Fügt eine Zeile hinzu (Einfg in der Liste)</translation>
    </message>
    <message>
        <source>Removes the selected row (Delete in the list)</source>
        <translation>Entfernt die gewählte Zeile (Entf in der Liste)</translation>
    </message>
</context>
<context>
    <name>gatehouse::ui::StringListEditor</name>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
</context>
</TS>
