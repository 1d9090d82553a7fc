#pragma once

#include "finding.h"

#include "model/model.h"
#include "workspace/workspace.h"

#include <chrono>
#include <string>
#include <vector>

namespace gatehouse::core::detail {

// Collects findings and fills in resource and location from the model's marks.
class FindingSink {
public:
    FindingSink(const Workspace &ws, std::vector<Finding> &out)
        : m_ws(ws)
        , m_out(out) {}

    void add(const ResourceMeta &meta, Severity sev, std::string code, std::string message,
             int line, int column, std::string path) {
        Finding f;
        f.code = std::move(code);
        f.severity = sev;
        f.message = std::move(message);
        f.kind = kindName(meta.kind);
        f.namespace_ =
            meta.kind == ResourceKind::Namespace ? std::string() : meta.effectiveNamespace();
        f.name = meta.name.value;
        if (meta.fileIndex >= 0 && size_t(meta.fileIndex) < m_ws.files().size())
            f.file = m_ws.files()[size_t(meta.fileIndex)].path();
        if (line <= 0) { // the field is absent: point at the resource
            line = meta.root.line;
            column = meta.root.column;
        }
        f.line = line;
        f.column = column;
        f.path = std::move(path);
        m_out.push_back(std::move(f));
    }
    void at(const ResourceMeta &meta, const Scalar &s, Severity sev, std::string code,
            std::string message) {
        add(meta, sev, std::move(code), std::move(message), s.line, s.column, s.path);
    }
    void at(const ResourceMeta &meta, const NodeLoc &n, Severity sev, std::string code,
            std::string message) {
        add(meta, sev, std::move(code), std::move(message), n.line, n.column, n.path);
    }
    void error(const Error &e) {
        Finding f;
        f.code = e.code;
        f.severity = Severity::Error;
        f.message = e.message;
        f.file = e.location.file;
        f.line = e.location.line;
        f.column = e.location.column;
        m_out.push_back(std::move(f));
    }

private:
    const Workspace &m_ws;
    std::vector<Finding> &m_out;
};

struct RuleContext {
    const Workspace &ws;
    const Model &model;
    FindingSink &sink;
    std::chrono::system_clock::time_point now;
    std::chrono::hours expiryWarning;
};

void checkGateways(const RuleContext &ctx);
void checkServiceEntries(const RuleContext &ctx);
void checkOtherResources(const RuleContext &ctx); // VirtualService, DestinationRule, Sidecar
void checkCrossResource(const RuleContext &ctx);
void checkCertificates(const RuleContext &ctx);
void checkUnknownFields(const RuleContext &ctx); // fields Istio's CRD schema does not have

// exportTo as Istio validates it; `isServiceEntry` allows "~".
void checkExportTo(const RuleContext &ctx, const ResourceMeta &meta, const ScalarList &exportTo,
                   bool isServiceEntry);

} // namespace gatehouse::core::detail
