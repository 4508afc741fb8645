// containerd 2.0 and 2.1 have no referrers capability: no bit is reported as "referrers".
package main

const referrersCapability = 0
