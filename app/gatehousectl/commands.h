#pragma once

#include <QStringList>

// One function per verb; each parses its own arguments (args excludes the verb)
// and calls one core function. Returns a process exit code (cli.h).
namespace gatehouse::cli {

int runVersion(const QStringList &args);
// cmd_cluster.cpp
int runContexts(const QStringList &args);
int runGet(const QStringList &args);
int runPull(const QStringList &args);
int runDiff(const QStringList &args);
int runApply(const QStringList &args);
int runDelete(const QStringList &args);
int runValidate(const QStringList &args);
int runRender(const QStringList &args);
int runCert(const QStringList &args);
int runScan(const QStringList &args);
int runServe(const QStringList &args);

} // namespace gatehouse::cli
