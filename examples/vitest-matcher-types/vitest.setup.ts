// The one line the testing README recommends as the vitest setup file: it registers the matchers
// at run time, and because the file is part of the TypeScript project it loads their types for
// every test file too.
import '@foundation-telemetry/testing/vitest'
