// Contour lines of a grid by marching squares: drawing, not learning. The grid is row-major
// with its first row at y min and its points at np.linspace(min, max, size) on each axis,
// as frame.grid and the views' grids are.

/**
 * Segments where the grid crosses `level`.
 *
 * @returns {Array<[[x, y], [x, y]]>} line segments in data coordinates
 */
export function contourSegments(values, size, extent, level) {
  const [x0, x1] = extent.x;
  const [y0, y1] = extent.y;
  const dx = (x1 - x0) / (size - 1);
  const dy = (y1 - y0) / (size - 1);
  const segments = [];
  const at = (r, c) => values[r * size + c] - level;
  // Where the level crosses the edge between two corners (linear interpolation).
  const cross = (ax, ay, av, bx, by, bv) => {
    const t = av / (av - bv);
    return [ax + t * (bx - ax), ay + t * (by - ay)];
  };
  for (let r = 0; r + 1 < size; r++) {
    for (let c = 0; c + 1 < size; c++) {
      const v00 = at(r, c);
      const v01 = at(r, c + 1);
      const v10 = at(r + 1, c);
      const v11 = at(r + 1, c + 1);
      if (![v00, v01, v10, v11].every(Number.isFinite)) continue;
      const xa = x0 + c * dx;
      const xb = xa + dx;
      const ya = y0 + r * dy;
      const yb = ya + dy;
      // Crossing points on the four edges of the cell (bottom, right, top, left).
      const points = [];
      if ((v00 > 0) !== (v01 > 0)) points.push(cross(xa, ya, v00, xb, ya, v01));
      if ((v01 > 0) !== (v11 > 0)) points.push(cross(xb, ya, v01, xb, yb, v11));
      if ((v10 > 0) !== (v11 > 0)) points.push(cross(xa, yb, v10, xb, yb, v11));
      if ((v00 > 0) !== (v10 > 0)) points.push(cross(xa, ya, v00, xa, yb, v10));
      if (points.length === 2) {
        segments.push([points[0], points[1]]);
      } else if (points.length === 4) {
        // A saddle: decide by the centre value which pairs of crossings belong together.
        const centre = (v00 + v01 + v10 + v11) / 4;
        if ((centre > 0) === (v00 > 0)) {
          segments.push([points[0], points[1]], [points[2], points[3]]);
        } else {
          segments.push([points[0], points[3]], [points[1], points[2]]);
        }
      }
    }
  }
  return segments;
}

/** Stroke the `level` contour of a grid onto a canvas context, through `transform`. */
export function strokeContour(ctx, values, size, extent, level, transform) {
  const segments = contourSegments(values, size, extent, level);
  ctx.beginPath();
  for (const [[ax, ay], [bx, by]] of segments) {
    const [pax, pay] = transform(ax, ay);
    const [pbx, pby] = transform(bx, by);
    ctx.moveTo(pax, pay);
    ctx.lineTo(pbx, pby);
  }
  ctx.stroke();
  return segments.length;
}
